import { spawnSync } from "node:child_process";
import { pythonCommand, pythonEnvironment } from "../python/python-command";

/** The versions of the Python side the reports compare with; "not installed" for a missing one. */
export interface PythonVersions {
  python: string;
  numpy: string;
  numba: string;
  /** OpenBLAS's version and the kernel it picked for this CPU, from threadpoolctl. */
  openblas: string;
}

const probe = `
import json, sys
out = {"python": sys.version.split()[0], "numpy": "not installed", "numba": "not installed", "openblas": "not found"}
try:
    import numpy; out["numpy"] = numpy.__version__
    from threadpoolctl import threadpool_info
    blas = [i for i in threadpool_info() if i.get("internal_api") == "openblas"]
    if blas: out["openblas"] = f"{blas[0].get('version')} ({blas[0].get('architecture')})"
except ImportError:
    pass
try:
    import numba; out["numba"] = numba.__version__
except ImportError:
    pass
print(json.dumps(out))
`;

/** Asks the notebooks' Python (TSPARALLEL_PYTHON or /usr/bin/python3); undefined when there is none. */
export function pythonVersions(): PythonVersions | undefined {
  const child = spawnSync(pythonCommand(), ["-c", probe], { encoding: "utf8", timeout: 60_000, env: pythonEnvironment() });
  if (child.status !== 0) return undefined;
  try {
    return JSON.parse(child.stdout) as PythonVersions;
  } catch {
    return undefined;
  }
}
