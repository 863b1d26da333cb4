import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The package's own directory, found by walking up from this file: the same
 * code runs as dist/src/install/*.js from a clone, a local or a global install.
 */
export function packageRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && readPackageName(manifest) === "tsparallel") return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the tsparallel package.json above ${from}`);
    dir = parent;
  }
}

export function packageVersion(root: string = packageRoot()): string {
  return readJson(join(root, "package.json")).version as string;
}

/** The compiled CLI, which the kernelspec's argv starts. */
export function cliScript(root: string = packageRoot()): string {
  return join(root, "dist", "src", "cli.js");
}

function readPackageName(manifest: string): unknown {
  try {
    return readJson(manifest).name;
  } catch {
    return undefined;
  }
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
}
