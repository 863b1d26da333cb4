import { execFileSync } from "node:child_process";
import { accessSync, constants, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { UsageError } from "../errors";

/** Where a kernelspec goes: the three places `jupyter kernelspec install` knows. */
export type InstallTarget = { kind: "user" } | { kind: "sys-prefix" } | { kind: "prefix"; dir: string };

/** `<data dir>/kernels/<name>` for a target. */
export function kernelsDir(target: InstallTarget, env: NodeJS.ProcessEnv = process.env): string {
  switch (target.kind) {
    case "user":
      return join(userDataDir(env), "kernels");
    case "sys-prefix":
      return join(sysPrefix(env), "share", "jupyter", "kernels");
    case "prefix":
      return join(target.dir, "share", "jupyter", "kernels");
  }
}

/**
 * `jupyter --data-dir`, computed as jupyter_core's `jupyter_data_dir()` does:
 * $JUPYTER_DATA_DIR, else ~/Library/Jupyter (macOS), %APPDATA%\jupyter (Windows),
 * $XDG_DATA_HOME/jupyter or ~/.local/share/jupyter (elsewhere).
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  const home = env.HOME || homedir();
  if (platform === "darwin") return join(home, "Library", "Jupyter");
  if (platform === "win32") return join(env.APPDATA || join(home, "AppData", "Roaming"), "jupyter");
  return join(env.XDG_DATA_HOME || join(home, ".local", "share"), "jupyter");
}

/**
 * `--sys-prefix` means "the environment Jupyter itself runs in". In order:
 * an active conda environment ($CONDA_PREFIX) or virtualenv ($VIRTUAL_ENV);
 * else the sys.prefix of the Python that the `jupyter` command on PATH runs
 * (read from its #! line, so a Debian /usr/bin/jupyter gives /usr even when
 * another python3 comes first on PATH); else that of `python3` on PATH.
 */
export function sysPrefix(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CONDA_PREFIX) return env.CONDA_PREFIX;
  if (env.VIRTUAL_ENV) return env.VIRTUAL_ENV;
  const jupyter = findOnPath("jupyter", env);
  const python = (jupyter && pythonFromShebang(jupyter)) || "python3";
  try {
    return execFileSync(python, ["-c", "import sys; print(sys.prefix)"], { encoding: "utf8", env, stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    throw new UsageError(`--sys-prefix: cannot ask ${python} for sys.prefix; use --prefix DIR instead`);
  }
}

function findOnPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The interpreter in a script's `#!` line (`#!/usr/bin/python3`, or `#!/usr/bin/env python3`). */
export function pythonFromShebang(script: string): string | undefined {
  let firstLine: string;
  try {
    firstLine = readFileSync(script, "utf8").slice(0, 300).split("\n")[0] ?? "";
  } catch {
    return undefined;
  }
  const words = firstLine.replace(/^#!/, "").trim().split(/\s+/);
  if (!firstLine.startsWith("#!") || words.length === 0) return undefined;
  const program = words[0]!.endsWith("/env") ? words.find((w, i) => i > 0 && !w.startsWith("-")) : words[0];
  return program && /python/.test(program) ? program : undefined;
}
