"""Cross-check of dm-tensor's safetensors reader/writer against the reference implementation
(huggingface/safetensors, Python binding of the Rust crate). Needs only `safetensors` (no torch, no numpy).

  python3 safetensors_crosscheck.py write OUT.safetensors   # reference-written file of the shared test tensors
  python3 safetensors_crosscheck.py read FILE.safetensors   # prints {name: {dtype, shape, hex}, "__metadata__": {...}}

The shared test tensors (mirrored in SafetensorsReferenceCrossCheckTest.java): tensor i has raw bytes
b[k] = (31 * k + 7 * i + 3) mod 256, so every bit pattern (NaNs, subnormals) must survive unchanged.
"""
import ctypes
import json
import sys

import safetensors
from safetensors import deserialize, safe_open, serialize_file

TENSORS = [  # name, header dtype, shape, bytes per element
    ("a.f32", "F32", [2, 3], 4),
    ("b.f16", "F16", [5], 2),
    ("c.bf16", "BF16", [3, 1], 2),
    ("d.i64", "I64", [2], 8),
    ("e.empty", "F32", [0, 4], 4),
    ("f.scalar", "F32", [], 4),
]
# dtype spelling of the serializer API (safetensors >= 0.7 takes TensorSpec with these names)
API_DTYPE = {"F32": "float32", "F16": "float16", "BF16": "bfloat16", "I64": "int64"}
# one key: the reference writes metadata from a hash map, so with several keys its order varies from run to run
METADATA = {"producer": "crosscheck, unicode \u00e9 and \"quotes\""}


def raw_bytes(i, n):
    return bytes((31 * k + 7 * i + 3) % 256 for k in range(n))


def numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def write(path):
    tensors = {}
    buffers = []  # must stay alive while serialize_file reads the raw pointers
    for i, (name, dtype, shape, size) in enumerate(TENSORS):
        data = raw_bytes(i, numel(shape) * size)
        if hasattr(safetensors, "TensorSpec"):
            buf = ctypes.create_string_buffer(data, max(len(data), 1))
            buffers.append(buf)
            tensors[name] = safetensors.TensorSpec(dtype=API_DTYPE[dtype], shape=shape, data_ptr=ctypes.addressof(buf),
                                                   data_len=len(data))
        else:  # older bindings take plain dicts
            tensors[name] = {"dtype": dtype, "shape": shape, "data": data}
    serialize_file(tensors, path, metadata=METADATA)


def read(path):
    with open(path, "rb") as f:
        buf = f.read()
    out = {}
    for name, t in deserialize(buf):
        out[name] = {"dtype": t["dtype"], "shape": list(t["shape"]), "hex": bytes(t["data"]).hex()}
    with safe_open(path, framework="numpy") as f:
        out["__metadata__"] = f.metadata() or {}
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    {"write": write, "read": read}[sys.argv[1]](sys.argv[2])
