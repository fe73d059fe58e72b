#!/usr/bin/env python3
"""Checks the system OpenBLAS's cblas_sgemm against a float64 reference on random shapes (every transposition,
beta 0 and 1, and the training step's shapes), for the kernel family in OPENBLAS_CORETYPE (or the one it picks).
Usage: for f in Prescott Haswell SkylakeX; do OPENBLAS_CORETYPE=$f python3 scripts/check_blas_kernels.py; done
Needs numpy. Prints the family and the largest error over sqrt(k) + 1; exits 1 above 1e-4."""
import ctypes, sys
import numpy as np

blas = ctypes.CDLL("libopenblas.so.0")
blas.openblas_get_corename.restype = ctypes.c_char_p
rng = np.random.default_rng(0)
shapes = [tuple(int(v) for v in (rng.integers(1, 300), rng.integers(1, 200), rng.integers(1, 300))) for _ in range(3000)]
shapes += [(128, 64, 64), (3328, 64, 78), (224, 100, 100), (832, 64, 64), (32, 2, 64), (4096, 3, 64), (64, 64, 3328)]
worst = 0.0
for m, n, k in shapes:
    ta, tb = int(rng.integers(0, 2)), int(rng.integers(0, 2))
    a = rng.standard_normal((k, m) if ta else (m, k)).astype(np.float32)
    b = rng.standard_normal((n, k) if tb else (k, n)).astype(np.float32)
    c = rng.standard_normal((m, n)).astype(np.float32)
    beta = float(rng.choice([0.0, 1.0]))
    reference = (a.T if ta else a).astype(np.float64) @ (b.T if tb else b).astype(np.float64) + beta * c
    out = np.ascontiguousarray(c.copy())
    blas.cblas_sgemm(101, 112 if ta else 111, 112 if tb else 111, m, n, k, ctypes.c_float(1.0),
                     a.ctypes.data_as(ctypes.c_void_p), m if ta else k, b.ctypes.data_as(ctypes.c_void_p), k if tb else n,
                     ctypes.c_float(beta), out.ctypes.data_as(ctypes.c_void_p), n)
    worst = max(worst, float(np.abs(out - reference).max()) / (np.sqrt(k) + 1))
print(f"{blas.openblas_get_corename().decode()}: {len(shapes)} shapes, largest error / (sqrt(k) + 1) = {worst:.2e}")
sys.exit(1 if worst > 1e-4 else 0)
