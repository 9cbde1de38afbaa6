#!/usr/bin/env python3
"""Golden values for MultiLevelForegroundEstimatorTest from the upstream pymatting implementation.

Usage: python3 foreground_ml_reference.py PATH/TO/pymatting/foreground/estimate_foreground_ml.py

Runs pymatting's own _estimate_fb_ml (numba decorators replaced by plain Python, so no numba is needed)
on the small deterministic input that the Java test builds, and prints F and B of a few pixels.
"""
import sys
import types

import numpy as np

numba = types.ModuleType("numba")
numba.njit = lambda *a, **k: (lambda f: f)
numba.prange = range
sys.modules["numba"] = numba

ns = {}
exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), ns)

W, H = 13, 9
image = np.zeros((H, W, 3), np.float32)
alpha = np.zeros((H, W), np.float32)
for y in range(H):
    for x in range(W):
        for c in range(3):
            image[y, x, c] = ((x * 7 + y * 3 + c * 5) % 17) / 16.0
        alpha[y, x] = min(1.0, ((x * 5 + y * 2) % 11) / 10.0)

F, B = ns["_estimate_fb_ml"](image, alpha, np.float32(5e-3), 10, 2, 32, np.float32(0.1))
for (x, y) in [(0, 0), (5, 3), (12, 8), (7, 4), (2, 6)]:
    print(f"{{{x}, {y}, {F[y, x, 0]:.6f}f, {F[y, x, 1]:.6f}f, {F[y, x, 2]:.6f}f, "
          f"{B[y, x, 0]:.6f}f, {B[y, x, 1]:.6f}f, {B[y, x, 2]:.6f}f}},")
