import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The compiled CLI, resolved from dist/test/support so tests run from any working directory. */
export const cliPath = resolve(__dirname, "..", "..", "src", "cli.js");

export interface InstalledKernelspec {
  /** A JUPYTER_PATH entry under which Jupyter finds the kernelspec. */
  jupyterPath: string;
  remove(): void;
}

/** Installs the kernelspec into a throwaway prefix, the way a user would with `--prefix`. */
export function installKernelspecInTempPrefix(name = "tsparallel"): InstalledKernelspec {
  const prefix = mkdtempSync(join(tmpdir(), "tsparallel-prefix-"));
  execFileSync(process.execPath, [cliPath, "install", "--prefix", prefix, "--name", name], { stdio: "ignore" });
  return {
    jupyterPath: join(prefix, "share", "jupyter"),
    remove: () => rmSync(prefix, { recursive: true, force: true }),
  };
}
