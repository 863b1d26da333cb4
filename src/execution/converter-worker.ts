/**
 * Entry of the converter worker thread: owns tslab's converter (the TypeScript language
 * service) and answers the executor's requests (see converter-protocol.ts). Requests on
 * `parentPort` are answered asynchronously; requests on the sync port are answered on that
 * port and signalled through the shared flag, for the executor's synchronous complete,
 * inspect and is_complete.
 */
import { writeSync } from "node:fs";
import * as path from "node:path";
import { format } from "node:util";
import { MessagePort, parentPort, workerData } from "node:worker_threads";
import type * as tslabConverter from "tslab/dist/converter";
import type {
  CompletenessVerdict,
  Completion,
  Conversion,
  ConverterReply,
  ConverterRequest,
  ConverterWorkerData,
  QuickInfo,
} from "./converter-protocol";
import { tsparallelDeclaration } from "./cell-scope";
import { requireWithCodeCache } from "./code-cache";
import { installTypeScriptOverlay } from "./typescript-overlay";
import { staticImportSpecifiers } from "./static-imports";
import { keepCompletedDeclarations } from "./partial-declarations";

// What TypeScript and tslab print (watch diagnostics, warnings) is the kernel's own
// diagnostics: straight to stderr's file descriptor, never through the main thread's
// streams, which could be inside a cell's context. (Piping the worker's stdio instead
// would keep the process alive.)
for (const method of ["log", "info", "warn", "error", "debug"] as const) {
  console[method] = (...args: unknown[]) => writeSync(2, format(...args) + "\n");
}

const data = workerData as ConverterWorkerData & { syncPort: MessagePort };
const tslabRoot = path.dirname(require.resolve("tslab/package.json"));
const typescriptPath = require.resolve("@tslab/typescript-for-tslab", { paths: [tslabRoot] });
// From V8's code cache when one was saved for this TypeScript (code-cache.ts); the overlay's
// `require` then finds this instance.
const typescriptModule = requireWithCodeCache(typescriptPath, path.join(__dirname, "..", "..", "code-cache"));
const overlay = installTypeScriptOverlay(typescriptPath, data);
const ts = overlay.typescript;
// Loaded after the overlay is in the require cache, so the converter sees it.
const { createConverter, isCompleteCode } = require("tslab/dist/converter") as typeof tslabConverter;

const converter = createConverter();
// Warm the language service: the first conversion loads lib, @types and (through the
// `$tsp` declaration every cell carries) tsparallel's own declarations.
converter.convert(tsparallelDeclaration, "1");
// After the warm-up, so the cache also holds the functions that built the first program. Only
// the first start with a new TypeScript pays for writing it; `npm run build` makes that start.
typescriptModule.saveIfNew();

const syncFlag = new Int32Array(data.syncFlag);
/** How long the converter must have had no request before the deferred directory watches start. */
const QUIET_START_MS = 1000;

function handle(request: ConverterRequest): unknown {
  switch (request.op) {
    case "convert":
      return convert(request.prevDecl, request.src);
    case "complete":
      return complete(request.prevDecl, request.src, request.position);
    case "inspect":
      return inspect(request.prevDecl, request.src, request.position);
    case "isComplete":
      return isComplete(request.src);
    case "keepDeclarations":
      return keepCompletedDeclarations(ts, request.previous, request.current, new Set(request.unreached));
  }
}

function reply(id: number, request: ConverterRequest): ConverterReply {
  try {
    return { id, ok: true, value: handle(request) };
  } catch (error) {
    return { id, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
}

function convert(prevDecl: string, src: string): Conversion {
  overlay.takeCapturedEmits();
  overlay.takeLastExpressionVar();
  const result = converter.convert(prevDecl, src);
  const emits = overlay.takeCapturedEmits();
  const lastExpressionVar = overlay.takeLastExpressionVar();
  const main = result.output === undefined ? undefined : emits.reverse().find((emit) => emit.output === result.output);
  return {
    output: result.output,
    declOutput: result.declOutput,
    diagnostics: result.diagnostics.map((diagnostic) => ({
      line: diagnostic.start.line,
      character: diagnostic.start.character,
      message: diagnostic.messageText,
      code: diagnostic.code,
      fileName: diagnostic.fileName,
    })),
    lastExpressionVar: result.output === undefined ? undefined : lastExpressionVar,
    hasToplevelAwait: result.hasToplevelAwait,
    sideOutputs: result.sideOutputs,
    staticImports: result.output === undefined ? undefined : staticImportSpecifiers(ts, src),
    mappings: main?.commonJsToTypeScript,
  };
}

function complete(prevDecl: string, src: string, position: number): Completion {
  const info = converter.complete(prevDecl, src, position);
  const kindByName = new Map((info.original?.entries ?? []).map((entry) => [entry.name, String(entry.kind)]));
  return {
    start: info.start,
    end: info.end,
    candidates: info.candidates,
    kinds: info.candidates.map((name) => kindByName.get(name) ?? ""),
  };
}

function inspect(prevDecl: string, src: string, position: number): QuickInfo | undefined {
  const info = converter.inspect(prevDecl, src, position);
  if (!info) return undefined;
  const text = (parts: readonly { text: string }[] | undefined) => (parts ?? []).map((part) => part.text).join("");
  return {
    signature: text(info.displayParts),
    documentation: text(info.documentation),
    tags: (info.tags ?? []).map((tag) => ({ name: tag.name, text: text(tag.text) })),
    start: info.textSpan.start,
    length: info.textSpan.length,
  };
}

function isComplete(src: string): CompletenessVerdict {
  const verdict = isCompleteCode(src);
  if (!verdict.completed) return { status: "incomplete", indent: verdict.indent ?? "" };
  const parsed = ts.createSourceFile("cell.ts", src, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const parseErrors = (parsed as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? [];
  return parseErrors.length > 0 ? { status: "invalid" } : { status: "complete" };
}

/**
 * The directory watches TypeScript asked for while building the first program start once the
 * converter has been idle for a while, so that neither the first cell nor the cells of a
 * "run all" that follow it wait for them (starting them reads the whole node_modules tree).
 */
let watchesStarted = false;
let quietTimer: NodeJS.Timeout | undefined;
function startDirectoryWatchesWhenQuiet(): void {
  if (watchesStarted) return;
  clearTimeout(quietTimer);
  quietTimer = setTimeout(() => {
    watchesStarted = true;
    overlay.startDirectoryWatches();
  }, QUIET_START_MS);
  quietTimer.unref();
}
startDirectoryWatchesWhenQuiet();

parentPort?.on("message", (message: { id: number; request: ConverterRequest }) => {
  parentPort?.postMessage(reply(message.id, message.request));
  startDirectoryWatchesWhenQuiet();
});

data.syncPort.on("message", (message: { id: number; request: ConverterRequest }) => {
  data.syncPort.postMessage(reply(message.id, message.request));
  Atomics.store(syncFlag, 0, 1);
  Atomics.notify(syncFlag, 0);
  startDirectoryWatchesWhenQuiet();
});

parentPort?.postMessage({ ready: true });
