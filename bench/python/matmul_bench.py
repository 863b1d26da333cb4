#!/usr/bin/python3
"""The Python side of bench/matmul.ts: numpy's A @ B (OpenBLAS) and Numba's serial ijk.

Run by bench/matmul.ts with OPENBLAS_NUM_THREADS=1 and OPENBLAS_CORETYPE /
OPENBLAS_L2_SIZE removed from the environment, so OpenBLAS picks its kernel for this
CPU on one thread. Prints one JSON object on stdout:
  {"numpy": {...}, "blas": [threadpoolctl info], "results": [{"impl", "n", "median_s", "runs"}]}
Timings: median of --runs runs after one warm-up run (which also compiles Numba).
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np


def naive_serial(A, B):
    """The article's Example 1 body with range instead of prange: serial ijk."""
    C = np.zeros((A.shape[0], B.shape[1]), dtype=A.dtype)
    for i in range(A.shape[0]):
        for j in range(B.shape[1]):
            for k in range(A.shape[1]):
                C[i, j] += A[i, k] * B[k, j]
    return C


def median_seconds(fn, runs):
    fn()  # warm-up (and JIT compilation for Numba)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="250,500,1000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--numba-max-n", type=int, default=1000)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]

    out = {"numpy": np.__version__, "python": sys.version.split()[0], "results": []}
    try:
        from threadpoolctl import threadpool_info
        out["blas"] = threadpool_info()
    except ImportError:
        out["blas"] = None
    try:
        import numba
        numba_naive = numba.njit(cache=False)(naive_serial)
        out["numba"] = numba.__version__
    except ImportError:
        numba_naive = None
        out["numba"] = None

    rng = np.random.default_rng(1)
    for n in sizes:
        A = rng.random((n, n))
        B = rng.random((n, n))
        median, times = median_seconds(lambda: A @ B, args.runs)
        out["results"].append({"impl": "numpy", "n": n, "median_s": median, "runs": times})
        if numba_naive is not None and n <= args.numba_max_n:
            median, times = median_seconds(lambda: numba_naive(A, B), args.runs)
            out["results"].append({"impl": "numba-ijk", "n": n, "median_s": median, "runs": times})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
