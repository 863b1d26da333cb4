#!/usr/bin/python3
"""The article's Numba code, run as written: Example 1 and Example 2, serial and parallel.

Run by src/python/numba-examples.ts with NUMBA_NUM_THREADS set to the largest thread
count asked for; each parallel function then runs on 1 thread and on that many
(numba.set_num_threads), so one compilation serves both. Compilation happens in an
untimed warm-up call. The configurations are timed round by round, one run of each per
round, so that a slow minute on a shared machine hits all of them alike.

Prints one JSON object on stdout:
  {"python", "numpy", "numba", "blas", "n", "rounds", "threads",
   "results": [{"example", "variant", "threads", "runs_s"}],
   "diagnostics": {"example1": text, "example2": text}}
or, when NumPy or Numba cannot be imported, {"missing": "numpy" | "numba", "detail": ...}
and exit status 0, so that the caller can print a one-line note.
"""
import argparse
import contextlib
import io
import json
import sys
import time


def missing(module, error):
    json.dump({"missing": module, "detail": f"{type(error).__name__}: {error}",
               "python": sys.version.split()[0]}, sys.stdout)
    sys.exit(0)


try:
    import numpy as np
except ImportError as error:  # pragma: no cover - exercised with a Python without NumPy
    missing("numpy", error)
try:
    import numba
    from numba import njit, prange
except ImportError as error:
    missing("numba", error)


# Example 1 of the article, verbatim (the serial one is the same body without parallel=True).
def naive_matmul_body(A, B):
    C = np.zeros((A.shape[0], B.shape[1]), dtype=A.dtype)
    for i in prange(A.shape[0]):
        for j in prange(B.shape[1]):
            for k in range(A.shape[1]):
                C[i, j] += A[i, k] * B[k, j]
    return C


# Example 2 of the article, verbatim.
def improved_matmul_body(A, B):
    C = np.zeros((A.shape[0], B.shape[1]), dtype=A.dtype)
    for i in prange(A.shape[0]):
        for j in prange(B.shape[1]):
            C[i, j] = np.sum(A[i, :] * B[:, j])
    return C


def blas_info():
    try:
        from threadpoolctl import threadpool_info
        return [{k: v for k, v in info.items() if k in ("internal_api", "version", "architecture", "num_threads")}
                for info in threadpool_info()]
    except ImportError:
        return None


def diagnostics_text(function, level):
    """parallel_diagnostics prints to stdout; capture it as text."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        function.parallel_diagnostics(level=level)
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2, help="the parallel thread count besides 1")
    parser.add_argument("--diagnostics-level", type=int, default=1)
    args = parser.parse_args()

    rng = np.random.default_rng(1)
    A = rng.random((args.n, args.n))
    B = rng.random((args.n, args.n))
    functions = {
        1: {"serial": njit(naive_matmul_body), "parallel": njit(parallel=True)(naive_matmul_body)},
        2: {"serial": njit(improved_matmul_body), "parallel": njit(parallel=True)(improved_matmul_body)},
    }
    thread_counts = sorted({1, args.threads})
    configurations = [(example, "serial", 1) for example in functions] + \
        [(example, "parallel", threads) for example in functions for threads in thread_counts]

    reference = A @ B
    for example, variant, threads in configurations:  # compile and check, untimed
        numba.set_num_threads(threads)
        if not np.allclose(functions[example][variant](A, B), reference):
            raise SystemExit(f"Example {example} {variant} on {threads} threads: wrong product")

    runs = {configuration: [] for configuration in configurations}
    for _ in range(args.rounds):
        for configuration in configurations:
            example, variant, threads = configuration
            numba.set_num_threads(threads)
            start = time.perf_counter()
            functions[example][variant](A, B)
            runs[configuration].append(time.perf_counter() - start)

    json.dump({
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "numba": numba.__version__,
        "blas": blas_info(),
        "n": args.n,
        "rounds": args.rounds,
        "threads": args.threads,
        "threading_layer": numba.threading_layer(),
        "results": [{"example": e, "variant": v, "threads": t, "runs_s": runs[(e, v, t)]} for (e, v, t) in configurations],
        "diagnostics": {f"example{example}": diagnostics_text(functions[example]["parallel"], args.diagnostics_level)
                        for example in functions},
    }, sys.stdout)


if __name__ == "__main__":
    main()
