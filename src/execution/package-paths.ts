import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

/**
 * Where this package lives on disk, found by walking up from the compiled file to the
 * package.json named "tsparallel". Works from a clone, a local install or a global one,
 * and from dist/ (tests) as well as from src/ (type-checking only).
 */
export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && readManifestName(manifest) === "tsparallel") return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the tsparallel package root above ${__dirname}`);
    dir = parent;
  }
}

function readManifestName(manifest: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

/** The compiled public API (what `import ... from "tsparallel"` loads), next to this file's dist/src. */
export function runtimeEntry(): string {
  return path.join(__dirname, "..", "index.js");
}

/** The directory holding `@types/node` as this package resolves it (`.../node_modules/@types`). */
export function nodeTypesRoot(): string | undefined {
  try {
    return path.dirname(path.dirname(require.resolve("@types/node/package.json")));
  } catch {
    return undefined;
  }
}
