import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { UsageError } from "../errors";

/**
 * ES modules for cells, which compile to CommonJS. Node 20.19+ `require()` loads an
 * ES-module-only package, but not one whose module graph uses top-level await: that
 * throws ERR_REQUIRE_ASYNC_MODULE (before evaluating anything; measured on 20.20), and
 * in Node 20 a later require() throws so even after import() has loaded the module.
 *
 * So the ES modules a cell imports statically are loaded with a real import() before the
 * cell runs — which is when ES semantics evaluates a module's imports anyway — and the
 * cell's require() falls back to those namespaces when Node refuses.
 */
export class EsModules {
  private readonly namespaces = new Map<string, unknown>();

  /** Loads with import() each specifier that resolves to an ES module file not loaded yet. */
  async preload(specifiers: readonly string[], resolve: (id: string) => string): Promise<void> {
    for (const specifier of specifiers) {
      const file = esModuleFile(specifier, resolve);
      if (file === undefined || this.namespaces.has(file)) continue;
      this.namespaces.set(file, await importModule(pathToFileURL(file).href));
    }
  }

  /**
   * `require(id)`, or the preloaded namespace when Node cannot require the module
   * because of top-level await; without one, a one-line error that says what to do.
   */
  require(original: NodeJS.Require, id: string): unknown {
    try {
      return original(id);
    } catch (error) {
      if ((error as { code?: unknown }).code !== "ERR_REQUIRE_ASYNC_MODULE") throw error;
      const file = original.resolve(id);
      if (this.namespaces.has(file)) return this.namespaces.get(file);
      throw new UsageError(
        `"${id}" uses top-level await, which require() cannot load: import it with a static import at the top of a cell (import ... from "${id}"), which the kernel loads with import() before the cell runs`,
      );
    }
  }
}

/**
 * A real dynamic import. Written as a string because TypeScript compiles `import()` in
 * this CommonJS package to `require()`, which is the very thing that cannot load these.
 */
const importModule = new Function("url", "return import(url)") as (url: string) => Promise<unknown>;

/** The file a specifier resolves to when it is an ES module; undefined for CommonJS, built-ins and what does not resolve. */
function esModuleFile(specifier: string, resolve: (id: string) => string): string | undefined {
  if (specifier === "tsparallel" || specifier.startsWith("tsparallel/")) return undefined;
  if (specifier.startsWith("node:") || builtinModules.includes(specifier)) return undefined;
  let file: string;
  try {
    file = resolve(specifier);
  } catch {
    return undefined; // a local .ts module the converter compiled, or a missing one: require() reports it
  }
  return isEsModuleFile(file) ? file : undefined;
}

/** Node's rule: .mjs is ESM, .cjs is not, .js follows the nearest package.json's "type". */
function isEsModuleFile(file: string): boolean {
  const extension = path.extname(file);
  if (extension === ".mjs") return true;
  if (extension !== ".js") return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) return readType(manifest) === "module";
    if (path.dirname(dir) === dir) return false;
  }
}

function readType(manifest: string): unknown {
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { type?: unknown }).type;
  } catch {
    return undefined;
  }
}
