#!/usr/bin/env python3
"""Independent numpy/scipy reference for the matting metrics of docs/METRICS.md.

Conventions (all numbers in double precision, alphas k/255):
  dim          Composition-1k / Deep Image Matting MATLAB code: unknown region U = (trimap == 128).
               SAD = sum|p-g|U/1000, MSE = sum (p-g)^2 U / sum U, MAD = sum|p-g|U / sum U,
               Grad = sum (|grad mat2gray(p)| - |grad mat2gray(g)|)^2 U / 1000 with MATLAB gaussgradient(1.4)
               (imfilter(..., 'replicate', 'conv')), Conn = sum|phi(p)-phi(g)|U / 1000 (no skip rule).
  whole        GFM / P3M whole-image code: SAD/1000, MSE mean, MAD mean,
               Grad = sum (|grad p| - |grad g|)^2 / 10 with scipy.ndimage.gaussian_filter(sigma=1.4, order=1)
               (truncate 4.0, mode 'reflect'), Conn / 1000 with the skip rule for empty thresholds.
  whole_trimap P3M "trimap" numbers: p := 1 where trimap == 255, p := 0 where trimap == 0; SAD over the whole
               image / 1000, MSE and MAD divided by the number of unknown pixels; Grad and Conn are the
               whole-image values of the unmodified prediction (the P3M test script computes them that way).
  An undefined value (MSE/MAD with no unknown pixel) is NaN here and null in JSON.

Modes:
  golden --out DIR      generate the deterministic test inputs (8-bit PNG) and DIR/golden.json
  eval --pred P --gt G [--trimap T]   print the metrics of one triple of 8-bit grey PNGs as JSON
  bench --pred P.npy --gt G.npy --trimap T.npy [--repeats N]   time each metric (uint8 .npy inputs), JSON out
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
from scipy import ndimage

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import png8  # noqa: E402

# numpy's arange(0, 1.1, 0.1): t_i = 0 + i * 0.1 (t_3 = 0.30000000000000004, t_6 = 0.6000000000000001, ...)
THRESHOLDS = np.arange(0, 1.1, 0.1)
SIGMA = 1.4


# ---------------------------------------------------------------- region metrics
def sad(p, g, mask=None):
    e = np.abs(p - g)
    return float(np.sum(e if mask is None else e * mask)) / 1000.0


def mse(p, g, mask=None):
    e = (p - g) ** 2
    if mask is None:
        return float(np.mean(e))
    n = float(np.sum(mask))
    return float(np.sum(e * mask)) / n if n > 0 else float("nan")


def mad(p, g, mask=None):
    e = np.abs(p - g)
    if mask is None:
        return float(np.mean(e))
    n = float(np.sum(mask))
    return float(np.sum(e * mask)) / n if n > 0 else float("nan")


# ---------------------------------------------------------------- Grad, DIM (MATLAB) convention
def mat2gray(a):
    """MATLAB mat2gray(A): (A - min) / (max - min) clipped to [0, 1]; a constant image is only clipped."""
    lo, hi = float(a.min()), float(a.max())
    if hi == lo:
        return np.clip(a, 0.0, 1.0)
    return np.clip((a - lo) / (hi - lo), 0.0, 1.0)


def _gauss(x, s):
    return math.exp(-x * x / (2 * s * s)) / (s * math.sqrt(2 * math.pi))


def _dgauss(x, s):
    return -x * _gauss(x, s) / (s * s)


def gaussgradient_kernel(sigma=SIGMA):
    """hx of MATLAB gaussgradient.m: hx(i,j) = gauss(u_i) dgauss(u_j), L2-normalised (9x9 for sigma 1.4)."""
    eps = 1e-2
    half = int(math.ceil(sigma * math.sqrt(-2 * math.log(math.sqrt(2 * math.pi) * sigma * eps))))
    size = 2 * half + 1
    hx = np.zeros((size, size))
    for i in range(size):
        for j in range(size):
            hx[i, j] = _gauss(i - half, sigma) * _dgauss(j - half, sigma)
    return hx / math.sqrt(np.sum(np.abs(hx) * np.abs(hx)))


def imfilter_replicate_conv_direct(im, h):
    """imfilter(im, h, 'replicate', 'conv') written out: out(y,x) = sum_ab h(a,b) im(y-a, x-b), edges clamped."""
    half = h.shape[0] // 2
    pad = np.pad(im, half, mode="edge")
    hgt, wid = im.shape
    out = np.zeros_like(im, dtype=np.float64)
    for a in range(h.shape[0]):
        for b in range(h.shape[1]):
            dy, dx = a - half, b - half
            out += h[a, b] * pad[half - dy:half - dy + hgt, half - dx:half - dx + wid]
    return out


def imfilter_replicate_conv_fast(im, h):
    """Same as the direct version via scipy.ndimage.convolve (mode 'nearest' = replicate); used by the bench."""
    return ndimage.convolve(im, h, mode="nearest")


def grad_dim(p, g, mask, direct=True):
    hx = gaussgradient_kernel()
    hy = hx.T
    filt = imfilter_replicate_conv_direct if direct else imfilter_replicate_conv_fast

    def amplitude(a):
        a = mat2gray(a)
        gx, gy = filt(a, hx), filt(a, hy)
        return np.sqrt(gx ** 2 + gy ** 2)

    err = (amplitude(p) - amplitude(g)) ** 2
    return float(np.sum(err * mask)) / 1000.0


# ---------------------------------------------------------------- Grad, whole-image (GFM/P3M) convention
def grad_whole(p, g):
    def amplitude(a):
        d0 = ndimage.gaussian_filter(a, SIGMA, order=[1, 0], mode="reflect", truncate=4.0, output=np.float64)
        d1 = ndimage.gaussian_filter(a, SIGMA, order=[0, 1], mode="reflect", truncate=4.0, output=np.float64)
        return np.sqrt(d0 ** 2 + d1 ** 2)

    return float(np.sum((amplitude(p) - amplitude(g)) ** 2)) / 10.0


# ---------------------------------------------------------------- Conn (both conventions)
def largest_component(mask):
    """Largest 4-connected component of a boolean mask (ties: the lowest label = first in raster order)."""
    labels, n = ndimage.label(mask)  # default structure in 2-D: the 4-neighbour cross
    if n == 0:
        return None
    sizes = np.bincount(labels.ravel())[1:]
    return labels == (int(np.argmax(sizes)) + 1)


def connectivity_lmap(p, g, skip_empty):
    l_map = np.full(p.shape, -1.0)
    for i in range(1, len(THRESHOLDS)):
        omega = largest_component((p >= THRESHOLDS[i]) & (g >= THRESHOLDS[i]))
        if omega is None:
            if skip_empty:
                continue
            omega = np.zeros(p.shape, dtype=bool)
        l_map[(l_map == -1) & ~omega] = THRESHOLDS[i - 1]
    l_map[l_map == -1] = 1.0
    return l_map


def conn(p, g, mask, skip_empty):
    l_map = connectivity_lmap(p, g, skip_empty)
    dp, dg = p - l_map, g - l_map
    phi_p = 1 - dp * (dp >= 0.15)
    phi_g = 1 - dg * (dg >= 0.15)
    e = np.abs(phi_p - phi_g)
    return float(np.sum(e if mask is None else e * mask)) / 1000.0


# ---------------------------------------------------------------- conventions
def metrics(p, g, tri, convention):
    if convention == "dim":
        u = (tri == 128).astype(np.float64)
        return {"sad": sad(p, g, u), "mse": mse(p, g, u), "mad": mad(p, g, u),
                "grad": grad_dim(p, g, u), "conn": conn(p, g, u, skip_empty=False)}
    if convention == "whole":
        return {"sad": sad(p, g), "mse": mse(p, g), "mad": mad(p, g),
                "grad": grad_whole(p, g), "conn": conn(p, g, None, skip_empty=True)}
    if convention == "whole_trimap":
        q = p.copy()
        q[tri == 255] = 1.0
        q[tri == 0] = 0.0
        u = (tri == 128).astype(np.float64)
        n = float(np.sum(u))
        diff = q - g
        return {"sad": float(np.sum(np.abs(diff))) / 1000.0,
                "mse": float(np.sum(diff ** 2)) / n if n > 0 else float("nan"),
                "mad": float(np.sum(np.abs(diff))) / n if n > 0 else float("nan"),
                "grad": grad_whole(p, g), "conn": conn(p, g, None, skip_empty=True)}
    raise ValueError(convention)


def _json_value(v):
    return None if isinstance(v, float) and math.isnan(v) else v


# ---------------------------------------------------------------- deterministic inputs
def quantize(a):
    return np.clip(np.rint(a * 255.0), 0, 255).astype(np.uint8)


def realistic_gt(rng, h, w):
    """Smooth blobs with soft edges plus hair-like strands, in [0, 1]."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    a = np.zeros((h, w))
    for _ in range(rng.integers(1, 4)):
        cy, cx = rng.uniform(0.2, 0.8) * h, rng.uniform(0.2, 0.8) * w
        ry, rx = rng.uniform(0.15, 0.35) * h, rng.uniform(0.15, 0.35) * w
        r = np.sqrt(((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2)
        soft = rng.uniform(0.05, 0.25)
        a = np.maximum(a, np.clip((1.0 - r) / soft + 0.5, 0.0, 1.0))
    for _ in range(rng.integers(2, 7)):  # strands: thin sinusoidal curves of partial opacity
        x0, amp = rng.uniform(0, w), rng.uniform(1, max(2.0, w / 8))
        freq, phase = rng.uniform(0.05, 0.3), rng.uniform(0, 2 * math.pi)
        width, opacity = rng.uniform(0.4, 1.5), rng.uniform(0.3, 1.0)
        y_top = rng.uniform(0, h / 2)
        centre = x0 + amp * np.sin(freq * yy + phase)
        strand = opacity * np.exp(-((xx - centre) / width) ** 2) * (yy >= y_top)
        a = np.maximum(a, strand)
    return a


def prediction_from(rng, gt):
    """A plausible prediction: shifted, blurred, noisy version of gt, with a few spurious specks."""
    h, w = gt.shape
    p = np.roll(gt, (int(rng.integers(-1, 2)), int(rng.integers(-1, 2))), axis=(0, 1))
    p = ndimage.gaussian_filter(p, rng.uniform(0.3, 1.2))
    p = p + ndimage.gaussian_filter(rng.normal(0, 0.08, (h, w)), 1.0)
    for _ in range(rng.integers(0, 4)):
        y, x = rng.integers(0, h), rng.integers(0, w)
        p[y:y + 2, x:x + 2] = rng.uniform(0.2, 1.0)
    return np.clip(p, 0, 1)


def trimap_from(gt8, radius):
    """255 where gt == 255, 0 where gt == 0, 128 on the soft region dilated by `radius`."""
    unknown = (gt8 > 0) & (gt8 < 255)
    if radius > 0:
        unknown = ndimage.binary_dilation(unknown, structure=np.ones((2 * radius + 1, 2 * radius + 1)))
    tri = np.where(gt8 >= 128, 255, 0).astype(np.uint8)
    tri[unknown] = 128
    return tri


def golden_cases():
    """(name, pred8, gt8, tri8) tuples; deterministic."""
    rng = np.random.default_rng(20240601)
    cases = []
    cases.append(("one_pixel", np.array([[153]], np.uint8), np.array([[200]], np.uint8), np.array([[128]], np.uint8)))
    p = rng.integers(0, 256, (5, 7)).astype(np.uint8)
    g = rng.integers(0, 256, (5, 7)).astype(np.uint8)
    t = rng.choice(np.array([0, 128, 255], np.uint8), (5, 7))
    cases.append(("random_7x5", p, g, t))
    for name, (h, w) in (("real_32x32", (32, 32)), ("real_64x48", (48, 64)), ("real_128x128", (128, 128))):
        gt = quantize(realistic_gt(rng, h, w))
        pr = quantize(prediction_from(rng, gt / 255.0))
        cases.append((name, pr, gt, trimap_from(gt, 2)))
    gt = quantize(realistic_gt(rng, 16, 16))
    cases.append(("constant_pred", np.full((16, 16), 128, np.uint8), gt, trimap_from(gt, 1)))
    gt = quantize(realistic_gt(rng, 8, 8))
    cases.append(("no_unknown", quantize(prediction_from(rng, gt / 255.0)), gt,
                  np.where(gt >= 128, 255, 0).astype(np.uint8)))
    # ties at the thresholds: values 153/255 (= 0.6 < t_6), 77/255, 179/255 and exact 0.3-ish neighbours
    levels = np.array([0, 25, 26, 51, 76, 77, 102, 127, 128, 153, 154, 178, 179, 204, 229, 230, 255], np.uint8)
    p = rng.choice(levels, (9, 11))
    g = rng.choice(levels, (9, 11))
    cases.append(("ties_11x9", p, g, rng.choice(np.array([0, 128, 255], np.uint8), (9, 11), p=[0.2, 0.6, 0.2])))
    cases.append(("all_zero", np.zeros((6, 6), np.uint8), np.zeros((6, 6), np.uint8), np.full((6, 6), 128, np.uint8)))
    cases.append(("all_one", np.full((4, 5), 255, np.uint8), np.full((4, 5), 255, np.uint8),
                  np.full((4, 5), 128, np.uint8)))
    # two equal largest components at some threshold (tie broken by raster order)
    g = np.zeros((6, 9), np.uint8)
    g[1:3, 1:3] = 230
    g[3:5, 5:7] = 230
    g[0, 8] = 100
    p = g.copy()
    p[1, 1] = 140
    p[4, 6] = 90
    cases.append(("equal_components", p, g, np.full((6, 9), 128, np.uint8)))
    return cases


def self_check():
    """The fast and direct MATLAB-style convolutions must agree (guards the conv orientation in the bench)."""
    rng = np.random.default_rng(7)
    im = rng.random((13, 17))
    hx = gaussgradient_kernel()
    assert hx.shape == (9, 9)
    for h in (hx, hx.T):
        d = np.max(np.abs(imfilter_replicate_conv_direct(im, h) - imfilter_replicate_conv_fast(im, h)))
        assert d < 1e-12, d


def cmd_golden(out_dir):
    self_check()
    os.makedirs(out_dir, exist_ok=True)
    records = []
    for name, p8, g8, t8 in golden_cases():
        files = {}
        for role, a in (("pred", p8), ("gt", g8), ("trimap", t8)):
            fname = "%s_%s.png" % (name, role)
            png8.write_gray8(os.path.join(out_dir, fname), a)
            assert np.array_equal(png8.read_gray8(os.path.join(out_dir, fname)), a)
            files[role] = fname
        p, g = p8 / 255.0, g8 / 255.0
        rec = {"name": name, "width": int(p8.shape[1]), "height": int(p8.shape[0]), "files": files}
        for conv in ("dim", "whole", "whole_trimap"):
            rec[conv] = {k: _json_value(v) for k, v in metrics(p, g, t8, conv).items()}
        records.append(rec)
    doc = {"generator": "tools/reference/matting_metrics.py golden", "numpy": np.__version__,
           "scipy": __import__("scipy").__version__, "thresholds": [float(t) for t in THRESHOLDS], "cases": records}
    with open(os.path.join(out_dir, "golden.json"), "w") as f:
        json.dump(doc, f, indent=1, allow_nan=False)
        f.write("\n")
    print("wrote %d cases to %s" % (len(records), out_dir))


def cmd_eval(args):
    p = png8.read_gray8(args.pred) / 255.0
    g = png8.read_gray8(args.gt) / 255.0
    t = png8.read_gray8(args.trimap) if args.trimap else None
    out = {}
    for conv in (("dim", "whole", "whole_trimap") if t is not None else ("whole",)):
        out[conv] = {k: _json_value(v) for k, v in metrics(p, g, t, conv).items()}
    print(json.dumps(out, indent=1))


def _timed(fn, repeats):
    fn()  # warm-up (page faults, caches)
    times = []
    value = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        value = fn()
        times.append((time.perf_counter() - t0) * 1000.0)
    return float(np.median(times)), value


def cmd_bench(args):
    p = np.load(args.pred).astype(np.float64) / 255.0
    g = np.load(args.gt).astype(np.float64) / 255.0
    tri = np.load(args.trimap)
    u = (tri == 128).astype(np.float64)
    tasks = [
        ("sad", "dim", lambda: sad(p, g, (tri == 128).astype(np.float64))),
        ("mse", "dim", lambda: mse(p, g, (tri == 128).astype(np.float64))),
        ("mad", "dim", lambda: mad(p, g, (tri == 128).astype(np.float64))),
        ("grad", "dim", lambda: grad_dim(p, g, (tri == 128).astype(np.float64), direct=False)),
        ("conn", "dim", lambda: conn(p, g, (tri == 128).astype(np.float64), skip_empty=False)),
        ("sad", "whole", lambda: sad(p, g)),
        ("mse", "whole", lambda: mse(p, g)),
        ("mad", "whole", lambda: mad(p, g)),
        ("grad", "whole", lambda: grad_whole(p, g)),
        ("conn", "whole", lambda: conn(p, g, None, skip_empty=True)),
    ]
    del u
    rows = []
    for metric, conv, fn in tasks:
        ms, value = _timed(fn, args.repeats)
        rows.append({"metric": metric, "convention": conv, "ms": ms, "value": _json_value(value)})
    print(json.dumps({"numpy": np.__version__, "scipy": __import__("scipy").__version__,
                      "height": int(p.shape[0]), "width": int(p.shape[1]), "repeats": args.repeats, "rows": rows}))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="mode", required=True)
    a = sub.add_parser("golden", help="write golden inputs (PNG) and golden.json")
    a.add_argument("--out", required=True)
    a = sub.add_parser("eval", help="metrics of one image triple, JSON to stdout")
    a.add_argument("--pred", required=True)
    a.add_argument("--gt", required=True)
    a.add_argument("--trimap")
    a = sub.add_parser("bench", help="time each metric on uint8 .npy inputs, JSON to stdout")
    a.add_argument("--pred", required=True)
    a.add_argument("--gt", required=True)
    a.add_argument("--trimap", required=True)
    a.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    if args.mode == "golden":
        cmd_golden(args.out)
    elif args.mode == "eval":
        cmd_eval(args)
    else:
        cmd_bench(args)


if __name__ == "__main__":
    main()
