import Module from "node:module";
import * as path from "node:path";
import type * as ts from "@tslab/typescript-for-tslab";
import { DeferredWatches } from "./deferred-watches";
import { emitCellsAsCommonJs } from "./commonjs-emit";

/**
 * tslab's converter reads TypeScript through `require("@tslab/typescript-for-tslab")` and
 * offers no options for what we need, and the module's exports are non-writable getters.
 * So, before the converter is loaded (in the converter worker, which owns this module
 * instance), we put a Proxy of the TypeScript module into the require cache that overrides
 * five members and passes everything else through:
 *
 * - `sys`: the file system the converter's compiler host reads. It reports `cwd` as the
 *   current directory, and forwards `<cwd>/node_modules/tsparallel/**` to this package's
 *   root, so `import ... from "tsparallel"` resolves from any folder to the compiled
 *   declarations (package.json `types`: dist/src/index.d.ts) of the very package the
 *   kernel runs; `realpath` returns the real file, so its own imports resolve from there.
 *   Its directory watches start only when `startDirectoryWatches` is called (deferred-watches.ts).
 * - `getDefaultTypeRoots`: tslab looks for @types/node only under the cwd or in its own
 *   nested node_modules; with npm's hoisted layout neither has it and every cell fails with
 *   "Cannot find name 'console'". When the cwd's roots lack `node`, add the @types directory
 *   this package resolves.
 * - `createWatchCompilerHost`: emits CommonJS (tslab asks for an ES module and converts it
 *   in a second step, see commonjs-emit.ts) with `inlineSourceMap`, so the emit carries a
 *   map back to the cell; and names `node` as the only @types package whose globals every
 *   cell sees (CELL_GLOBAL_TYPES below).
 * - `createWatchProgram`: each builder program the watch creates emits with the
 *   transformers of commonjs-emit.ts in place of tslab's: the cell's last expression,
 *   earlier cells' names (shorthand properties included, shorthand-exports.ts) and
 *   re-exports of imported names as plain assignments.
 * - `transpileModule`: tslab's second step (ES module → CommonJS, `fileName` "custom.js")
 *   receives CommonJS already; it only takes the inline map off and keeps it.
 */

export interface OverlayOptions {
  cwd: string;
  packageRoot: string;
  nodeTypesRoot?: string;
}

/** The source map of a conversion, keyed by the CommonJS text it produced. */
export interface CapturedEmit {
  output: string;
  /** `mappings` of the map from `output` back to the TypeScript tslab compiled. */
  commonJsToTypeScript: string;
}

export interface Overlay {
  typescript: typeof ts;
  /** Emits captured since the last call, oldest first. */
  takeCapturedEmits(): CapturedEmit[];
  /** The variable holding the last expression of the cell emitted since the last call, if it ends in one. */
  takeLastExpressionVar(): string | undefined;
  /** Starts the directory watches held back while the first program was built (deferred-watches.ts). */
  startDirectoryWatches(): void;
}

/**
 * The @types packages the checker loads before any cell imports them. By default TypeScript
 * loads every package under every @types folder from the notebook's folder up, and a folder
 * inside a project typically has many (this repository's notebooks see 18: jquery, lodash,
 * react, ... through plotly's and mathjs's dependencies) that no cell asked for. Measured at
 * start-up here: the program fell from 305 files (6.0 MB of declarations) to 270 (2.9 MB),
 * and building it from ~4.0 s to ~3.0 s of CPU. A cell that imports a package still gets its
 * @types through module resolution; what it no longer sees without an import are the
 * globals other @types packages declare (cells are modules, so UMD globals such as
 * jQuery's `$` needed an import before too).
 */
const CELL_GLOBAL_TYPES = ["node"];

const inlineMapComment = /\n?\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;

export function installTypeScriptOverlay(typescriptPath: string, options: OverlayOptions): Overlay {
  const real = require(typescriptPath) as typeof ts;
  const captured: CapturedEmit[] = [];
  let lastExpressionVar: string | undefined;
  const directoryWatches = new DeferredWatches();
  const overrides: Record<string | symbol, unknown> = {
    __esModule: true,
    sys: forwardingSys(real.sys, options, directoryWatches),
    getDefaultTypeRoots: (directory: string, host: { directoryExists?: (name: string) => boolean }) => {
      const roots = real.getDefaultTypeRoots(directory, host) ?? [];
      const hasNode = roots.some((root) => real.sys.fileExists(path.join(root, "node", "package.json")));
      if (!hasNode && options.nodeTypesRoot) roots.push(options.nodeTypesRoot);
      return roots;
    },
    createWatchCompilerHost: (rootFiles: string[], compilerOptions: ts.CompilerOptions, ...rest: unknown[]) =>
      (real.createWatchCompilerHost as (...args: unknown[]) => unknown)(
        rootFiles,
        { ...compilerOptions, module: real.ModuleKind.CommonJS, inlineSourceMap: true, types: CELL_GLOBAL_TYPES },
        ...rest,
      ),
    createWatchProgram: (host: ts.WatchCompilerHostOfFilesAndCompilerOptions<ts.BuilderProgram>) => {
      const afterProgramCreate = host.afterProgramCreate?.bind(host);
      host.afterProgramCreate = (builder) =>
        afterProgramCreate?.(emitCellsAsCommonJs(real, builder, (name) => (lastExpressionVar = name)));
      return real.createWatchProgram(host);
    },
    transpileModule: (input: string, transpileOptions: ts.TranspileOptions) => {
      if (transpileOptions.fileName !== "custom.js") return real.transpileModule(input, transpileOptions);
      const inlineMap = inlineMapComment.exec(input);
      const output = (inlineMap ? input.slice(0, inlineMap.index) : input) + "\n";
      captured.push({
        output,
        commonJsToTypeScript: inlineMap ? mappingsOf(Buffer.from(inlineMap[1], "base64").toString("utf8")) : "",
      });
      return { outputText: output, diagnostics: [] };
    },
  };
  const typescript = new Proxy(real, {
    get: (target, key) => (key in overrides ? overrides[key] : Reflect.get(target, key)),
  });
  const cached = new Module(typescriptPath);
  cached.filename = typescriptPath;
  cached.loaded = true;
  cached.exports = typescript;
  require.cache[typescriptPath] = cached;
  return {
    typescript,
    takeCapturedEmits: () => captured.splice(0, captured.length),
    takeLastExpressionVar: () => {
      const name = lastExpressionVar;
      lastExpressionVar = undefined;
      return name;
    },
    startDirectoryWatches: () => directoryWatches.start(),
  };
}

function mappingsOf(sourceMapText: string | undefined): string {
  if (!sourceMapText) return "";
  return (JSON.parse(sourceMapText) as { mappings?: string }).mappings ?? "";
}

function forwardingSys(real: ts.System, options: OverlayOptions, directoryWatches: DeferredWatches): ts.System {
  const mount = path.join(options.cwd, "node_modules", "tsparallel");
  const forward = (file: string): string => {
    if (file === mount) return options.packageRoot;
    if (file.startsWith(mount + "/")) return path.join(options.packageRoot, file.slice(mount.length + 1));
    return file;
  };
  const sys: ts.System = Object.create(real);
  sys.getCurrentDirectory = () => options.cwd;
  sys.fileExists = (file) => real.fileExists(forward(file));
  sys.readFile = (file, encoding) => real.readFile(forward(file), encoding);
  sys.directoryExists = (directory) => real.directoryExists(forward(directory));
  sys.getDirectories = (directory) => real.getDirectories(forward(directory));
  sys.readDirectory = (directory, ...rest) => real.readDirectory(forward(directory), ...rest);
  sys.realpath = (file) => (real.realpath ? real.realpath(forward(file)) : forward(file));
  if (real.watchFile) {
    const watchFile = real.watchFile.bind(real);
    sys.watchFile = (file, callback, ...rest) => watchFile(forward(file), callback, ...rest);
  }
  if (real.watchDirectory) {
    const watchDirectory = real.watchDirectory.bind(real);
    sys.watchDirectory = (directory, callback, ...rest) => directoryWatches.add(() => watchDirectory(forward(directory), callback, ...rest));
  }
  return sys;
}
