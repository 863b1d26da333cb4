import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";

/**
 * Loads one large CommonJS file (TypeScript's 8 MB typescript.js) with V8's code cache, and
 * puts it in the require cache so that later `require`s of it get this instance.
 *
 * Compiling typescript.js costs the converter ~220 ms of CPU and running its top level
 * ~100 ms; from a cache made after the converter's warm-up, which also holds the functions
 * building the first program compiled, V8 skips that parsing. (Node 20 has no
 * `module.enableCompileCache`.)
 *
 * The cache file is named by a hash of the source and of the Node version and architecture,
 * so a changed TypeScript (or Node) never meets an old cache: it finds no file, compiles as
 * usual, and `saveIfNew` writes the cache for what it loaded, removing the stale one. V8 checks
 * the data too (its version, flags and source length) and rejects what does not fit, which
 * is handled the same way.
 */
export interface CachedModule {
  exports: unknown;
  /** True when V8 accepted cached code for this load. */
  usedCache: boolean;
  /** Writes the cache of what was loaded and compiled so far, if none was used; a folder that cannot be written is left alone. */
  saveIfNew(): void;
}

const CACHE_SUFFIX = ".v8-code-cache";

export function requireWithCodeCache(file: string, cacheDir: string): CachedModule {
  const source = readFileSync(file, "utf8");
  const stem = path.basename(file, ".js");
  const key = createHash("sha256").update(source).update(`\0${process.version}\0${process.arch}`).digest("hex").slice(0, 32);
  const cacheFile = path.join(cacheDir, `${stem}-${key}${CACHE_SUFFIX}`);
  const cachedData = readIfPresent(cacheFile);
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const usedCache = cachedData !== undefined && !script.cachedDataRejected;

  const loaded = new Module(file);
  loaded.filename = file;
  loaded.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: Module, filename: string, dirname: string) => void;
  wrapper.call(loaded.exports, loaded.exports, createRequire(file), loaded, file, path.dirname(file));
  loaded.loaded = true;
  require.cache[file] = loaded;

  return {
    exports: loaded.exports,
    usedCache,
    saveIfNew() {
      if (usedCache) return;
      try {
        mkdirSync(cacheDir, { recursive: true });
        const partial = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, cacheFile);
        removeStale(cacheDir, stem, cacheFile);
      } catch {
        // An installation the kernel cannot write to runs without the cache, as before.
      }
    },
  };
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Caches of earlier versions of the same file are never read again. */
function removeStale(cacheDir: string, stem: string, current: string): void {
  for (const name of readdirSync(cacheDir)) {
    const file = path.join(cacheDir, name);
    if (file !== current && name.startsWith(`${stem}-`) && name.endsWith(CACHE_SUFFIX)) rmSync(file, { force: true });
  }
}
