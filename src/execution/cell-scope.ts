import Module, { createRequire } from "node:module";
import * as path from "node:path";
import type { EsModules } from "./es-modules";
import { runtimeEntry } from "./package-paths";

/**
 * The name every cell can use for the tsparallel module without importing it; the magic
 * layer's rewritten code calls `$tsp.timeit(...)` and the like. (`$`, not `__`: tslab
 * mangles identifiers that start with two underscores.)
 */
export const tsparallelGlobalName = "$tsp";

/**
 * The type side of `$tsp`, appended to the declarations passed to the converter with every
 * cell. The converter rewrites any identifier declared in that declarations file to
 * `exports.<name>`, so cells reach `$tsp` through the cell scope below; nothing is added
 * to the cell's own text, so the user's line and column positions do not move.
 */
export const tsparallelDeclaration = `\ndeclare global { const ${tsparallelGlobalName}: typeof import("tsparallel"); }\n`;

/**
 * The tsparallel module instance the kernel itself runs (so display context and pools are
 * shared). The interpreter hands it to cells without reading it, so it is not typed here:
 * the library sits above the interpreter, and cells get its type from the declarations.
 */
export function loadTsparallel(): unknown {
  return require(runtimeEntry());
}

/**
 * The object the converter's output reads and writes as `exports`: every top-level name
 * declared by any cell lives here. A plain object (not a Proxy) so that cell code reading
 * earlier cells' names stays fast.
 */
export function createCellScope(): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  Object.defineProperty(scope, tsparallelGlobalName, {
    configurable: true,
    enumerable: false,
    get() {
      // Loaded on first use: the library pulls in mathjs and plotly, which the kernel's
      // start-up does not need.
      const value = loadTsparallel();
      Object.defineProperty(scope, tsparallelGlobalName, { value, writable: true, configurable: true, enumerable: false });
      return value;
    },
    set(value: unknown) {
      // A cell declared its own `$tsp`: it shadows ours from then on.
      Object.defineProperty(scope, tsparallelGlobalName, { value, writable: true, configurable: true, enumerable: true });
    },
  });
  return scope;
}

/** JavaScript of local .ts files a cell imported (converted with the cell), by absolute .js path. */
export type SideModules = Map<string, string>;

/**
 * `require` for cells: resolves from the notebook's folder (`cwd`), answers "tsparallel"
 * (and "tsparallel/...") with the kernel's own instance, serves local .ts modules the
 * converter compiled alongside the cell, and ES modules with top-level await that
 * `esModules` loaded before the cell ran.
 */
export function createCellRequire(cwd: string, sideModules: SideModules, esModules: EsModules): NodeJS.Require {
  const base = createRequire(path.join(cwd, "[cell].js"));
  const loadedSideModules = new Map<string, Module>();

  function requireSideModule(id: string, fromDirectory: string): unknown {
    if (!id.startsWith(".") && !path.isAbsolute(id)) return undefined;
    let file = path.resolve(fromDirectory, id);
    if (path.extname(file) === "") file += ".js";
    const source = sideModules.get(file);
    if (source === undefined) return undefined;
    const loaded = loadedSideModules.get(file);
    if (loaded && (loaded as Module & { source?: string }).source === source) return loaded.exports;
    const module = new Module(file) as Module & { source?: string; _compile(code: string, file: string): void };
    module.filename = file;
    module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
    module.source = source;
    const moduleRequire = hooked(createRequire(file), path.dirname(file));
    module.require = moduleRequire as typeof module.require;
    loadedSideModules.set(file, module);
    module._compile(source, file);
    return module.exports;
  }

  function hooked(original: NodeJS.Require, directory: string): NodeJS.Require {
    const cellRequire = ((id: string) => {
      if (id === "tsparallel") return loadTsparallel();
      if (id.startsWith("tsparallel/")) return original(path.join(path.dirname(runtimeEntry()), "..", "..", id.slice("tsparallel/".length)));
      const side = requireSideModule(id, directory);
      return side === undefined ? esModules.require(original, id) : side;
    }) as NodeJS.Require;
    cellRequire.resolve = original.resolve;
    cellRequire.cache = original.cache;
    cellRequire.main = original.main;
    cellRequire.extensions = original.extensions;
    return cellRequire;
  }

  return hooked(base, cwd);
}
