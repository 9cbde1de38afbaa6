"""Minimal 8-bit grayscale PNG reader/writer (zlib + struct only, no PIL).

Used by matting_metrics.py so that the Java tests read exactly the pixels the reference used.
Format: PNG spec (https://www.w3.org/TR/png/), colour type 0 (grey), bit depth 8, filter 0 (None)
on every scanline when writing; the reader accepts filter types 0-4 for grey 8-bit files.
"""
import struct
import zlib

import numpy as np

_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def write_gray8(path, image) -> None:
    """Writes a (H, W) uint8 array as an 8-bit greyscale PNG."""
    a = np.asarray(image)
    if a.dtype != np.uint8 or a.ndim != 2:
        raise ValueError("expected a 2-D uint8 array, got %s %s" % (a.dtype, a.shape))
    h, w = a.shape
    raw = b"".join(b"\x00" + a[y].tobytes() for y in range(h))  # filter byte 0 per row
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(_SIGNATURE + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b""))


def read_gray8(path) -> np.ndarray:
    """Reads an 8-bit greyscale PNG (non-interlaced) into a (H, W) uint8 array."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != _SIGNATURE:
        raise ValueError("%s: not a PNG" % path)
    pos, idat, w = 8, b"", None
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype != 0 or interlace != 0:
                raise ValueError("%s: only 8-bit grey non-interlaced PNG supported" % path)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    out = np.zeros((h, w), dtype=np.uint8)
    prev = np.zeros(w, dtype=np.int32)
    stride = w + 1
    for y in range(h):
        ftype = raw[y * stride]
        line = np.frombuffer(raw, dtype=np.uint8, count=w, offset=y * stride + 1).astype(np.int32)
        if ftype in (0, 2):  # None / Up need no left neighbour: vectorised
            cur = (line + (prev if ftype == 2 else 0)) & 0xFF
            out[y] = cur
            prev = cur
            continue
        cur = np.zeros(w, dtype=np.int32)
        for x in range(w):
            a = cur[x - 1] if x > 0 else 0
            b = prev[x]
            c = prev[x - 1] if x > 0 else 0
            if ftype == 0:
                pred = 0
            elif ftype == 1:
                pred = a
            elif ftype == 2:
                pred = b
            elif ftype == 3:
                pred = (a + b) // 2
            else:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if (pa <= pb and pa <= pc) else (b if pb <= pc else c)
            cur[x] = (line[x] + pred) & 0xFF
        out[y] = cur
        prev = cur
    return out
