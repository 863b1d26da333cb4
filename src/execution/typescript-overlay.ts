import Module from "node:module";
import * as path from "node:path";
import type * as ts from "@tslab/typescript-for-tslab";
import { DeferredWatches } from "./deferred-watches";
import { addShorthandExports } from "./shorthand-exports";

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
 * - `createWatchCompilerHost`: adds `inlineSourceMap` so the first emit (TypeScript → ES
 *   module) carries a map back to the cell.
 * - `createWatchProgram`: each builder program the watch creates emits with an extra
 *   `before` transformer that makes shorthand properties read earlier cells' names
 *   (`{ n }` → `{ n: exports.n }`, see shorthand-exports.ts); tslab's own renaming misses them.
 * - `transpileModule`: the second emit (ES module → CommonJS, `fileName` "custom.js" in
 *   tslab) additionally produces its map, and turns the re-exports of imported names
 *   (`Object.defineProperty(exports, "x", { get })`, non-configurable) into plain
 *   assignments, so a later cell can declare the name again and the cell scope stays a
 *   plain object (property reads on a Proxy cost ~20 ns more, measured on this machine).
 */

export interface OverlayOptions {
  cwd: string;
  packageRoot: string;
  nodeTypesRoot?: string;
}

/** Both maps of the last conversions, keyed by the CommonJS text they produced. */
export interface CapturedEmit {
  output: string;
  commonJsToModule: string;
  moduleToTypeScript: string;
}

export interface Overlay {
  typescript: typeof ts;
  /** Emits captured since the last call, oldest first. */
  takeCapturedEmits(): CapturedEmit[];
  /** Starts the directory watches held back while the first program was built (deferred-watches.ts). */
  startDirectoryWatches(): void;
}

const inlineMapComment = /\n?\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;
const mapFileComment = /\n?\/\/# sourceMappingURL=\S+\s*$/;

export function installTypeScriptOverlay(typescriptPath: string, options: OverlayOptions): Overlay {
  const real = require(typescriptPath) as typeof ts;
  const captured: CapturedEmit[] = [];
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
        { ...compilerOptions, inlineSourceMap: true },
        ...rest,
      ),
    createWatchProgram: (host: ts.WatchCompilerHostOfFilesAndCompilerOptions<ts.BuilderProgram>) => {
      const afterProgramCreate = host.afterProgramCreate?.bind(host);
      host.afterProgramCreate = (builder) => afterProgramCreate?.(addShorthandExports(real, builder));
      return real.createWatchProgram(host);
    },
    transpileModule: (input: string, transpileOptions: ts.TranspileOptions) => {
      if (transpileOptions.fileName !== "custom.js") return real.transpileModule(input, transpileOptions);
      const moduleMap = inlineMapComment.exec(input);
      const code = moduleMap ? input.slice(0, moduleMap.index) : input;
      const result = real.transpileModule(code, {
        ...transpileOptions,
        compilerOptions: { ...transpileOptions.compilerOptions, sourceMap: true, inlineSourceMap: false },
        transformers: { after: [reExportsAsAssignments(real)] },
      });
      const output = result.outputText.replace(mapFileComment, "\n");
      captured.push({
        output,
        commonJsToModule: mappingsOf(result.sourceMapText),
        moduleToTypeScript: moduleMap ? mappingsOf(Buffer.from(moduleMap[1], "base64").toString("utf8")) : "",
      });
      return { ...result, outputText: output };
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

/**
 * `Object.defineProperty(exports, "x", { enumerable: true, get: function () { return m.x; } })`
 * → `exports["x"] = m.x`. Only top-level statements of this exact shape are touched: they
 * are what TypeScript's CommonJS transform emits for `import { x } from "m"` in a cell.
 */
function reExportsAsAssignments(typescript: typeof ts): ts.TransformerFactory<ts.SourceFile> {
  return () => (file) => {
    let changed = false;
    const statements = file.statements.map((statement) => {
      const returned = reExportedExpression(typescript, statement);
      if (!returned) return statement;
      changed = true;
      const factory = typescript.factory;
      const assignment = factory.createExpressionStatement(
        factory.createAssignment(
          factory.createElementAccessExpression(factory.createIdentifier("exports"), factory.createStringLiteral(returned.name)),
          returned.expression,
        ),
      );
      return typescript.setTextRange(assignment, statement);
    });
    return changed ? typescript.factory.updateSourceFile(file, statements) : file;
  };
}

function reExportedExpression(
  typescript: typeof ts,
  statement: ts.Statement,
): { name: string; expression: ts.Expression } | undefined {
  if (!typescript.isExpressionStatement(statement)) return undefined;
  const call = statement.expression;
  if (!typescript.isCallExpression(call) || call.arguments.length !== 3) return undefined;
  const callee = call.expression;
  if (
    !typescript.isPropertyAccessExpression(callee) ||
    !typescript.isIdentifier(callee.expression) ||
    callee.expression.text !== "Object" ||
    callee.name.text !== "defineProperty"
  ) {
    return undefined;
  }
  const [target, name, descriptor] = call.arguments;
  if (!typescript.isIdentifier(target) || target.text !== "exports") return undefined;
  if (!typescript.isStringLiteral(name) || !typescript.isObjectLiteralExpression(descriptor)) return undefined;
  for (const property of descriptor.properties) {
    if (!property.name || !typescript.isIdentifier(property.name) || property.name.text !== "get") continue;
    const body = getterBody(typescript, property);
    if (!body || body.statements.length !== 1) return undefined;
    const only = body.statements[0];
    if (!typescript.isReturnStatement(only) || !only.expression) return undefined;
    return { name: name.text, expression: only.expression };
  }
  return undefined;
}

function getterBody(typescript: typeof ts, property: ts.ObjectLiteralElementLike): ts.Block | undefined {
  if (typescript.isMethodDeclaration(property)) return property.body;
  if (typescript.isPropertyAssignment(property) && typescript.isFunctionExpression(property.initializer)) {
    return property.initializer.body;
  }
  return undefined;
}
