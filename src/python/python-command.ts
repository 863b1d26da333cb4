/**
 * The Python the notebooks' subprocesses run: Debian's, whose python3-numpy and
 * python3-numba are the versions the reports name, unless TSPARALLEL_PYTHON points
 * elsewhere (a virtualenv, or, in tests, a Python without Numba).
 */
export function pythonCommand(): string {
  const chosen = process.env.TSPARALLEL_PYTHON;
  return chosen !== undefined && chosen.trim() !== "" ? chosen : "/usr/bin/python3";
}

/**
 * The environment the notebooks' Python runs in: OpenBLAS chooses its kernel for the CPU
 * it detects, so OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which would override that choice
 * (a shell may set them, e.g. OPENBLAS_CORETYPE=Haswell), are removed.
 */
export function pythonEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}
