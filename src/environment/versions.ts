import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The packages whose versions a measurement depends on: this one and the libraries it times. */
export const reportedPackages = ["tsparallel", "workerpool", "mathjs", "typescript"] as const;
export type ReportedPackage = (typeof reportedPackages)[number];

function readPackageJson(path: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as { name?: unknown; version?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}

/** The directory holding tsparallel's own package.json, found above `start` (this file's directory by default). */
export function packageRoot(start: string = __dirname): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (readPackageJson(join(dir, "package.json"))?.name === "tsparallel") return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The installed version of `name`: tsparallel's own from its package.json, a dependency's
 * from node_modules/<name>/package.json in the directories Node's resolution would search
 * from the package root. Read from disk rather than `require("<name>/package.json")`,
 * which packages with an `exports` map may refuse. "not found" when it is not installed.
 */
export function packageVersion(name: string, root: string | undefined = packageRoot()): string {
  if (root === undefined) return "not found";
  const own = readPackageJson(join(root, "package.json"));
  if (name === own?.name) return typeof own.version === "string" ? own.version : "not found";
  for (let dir = root; ; dir = dirname(dir)) {
    const version = readPackageJson(join(dir, "node_modules", name, "package.json"))?.version;
    if (typeof version === "string") return version;
    if (dirname(dir) === dir) return "not found";
  }
}
