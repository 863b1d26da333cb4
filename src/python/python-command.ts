/**
 * The Python the notebooks' subprocesses run: Debian's, whose python3-numpy and
 * python3-numba are the versions the reports name, unless TSPARALLEL_PYTHON points
 * elsewhere (a virtualenv, or, in tests, a Python without Numba).
 */
export function pythonCommand(): string {
  const chosen = process.env.TSPARALLEL_PYTHON;
  return chosen !== undefined && chosen.trim() !== "" ? chosen : "/usr/bin/python3";
}
