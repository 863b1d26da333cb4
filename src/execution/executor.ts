import * as path from "node:path";
import { DisplayHandle } from "../display/display";
import { mimeBundleOf } from "../display/bundle";
import { CellRun, cellContextStorage, currentCell } from "../cell/context";
import { createCellRequire, createCellScope, tsparallelDeclaration, type SideModules } from "./cell-scope";
import { markDeclaredNames, settleNames, snapshotNames, type MarkedCell } from "./cell-names";
import { CellScripts } from "./cell-scripts";
import type { Conversion } from "./converter-protocol";
import { startConverter, type ConverterClient } from "./converter-client";
import { garbageCollector } from "../shared/gc";
import { guardProcessExit } from "./exit-guard";
import { EsModules } from "./es-modules";
import { startHeapWatch } from "./heap-watch";
import { describeUncaught, runtimeErrorOutcome, typeScriptErrorOutcome } from "./error-report";
import { isScriptInterruption, KeyboardInterrupt } from "../cell/keyboard-interrupt";
import { installOutputCapture, streamToSink, writeToStderrFd } from "./output-capture";
import { quickInfoBundle } from "./quick-info-format";
import { runCellScript } from "./run-cell";
import { runSessionDisposers } from "../cell/session-disposers";
import { onSigint } from "./sigint-guard";
import { cellPhase, clearInterruptRequest, onInterruptRequest, setCellPhase, takeInterruptRequest } from "../cell/interrupt-state";
import { codePointsToUtf16, utf16ToCodePoints } from "./text-offsets";
import type {
  CompletionOutcome,
  ExecuteOptions,
  ExecuteOutcome,
  Executor,
  InspectionOutcome,
  IsCompleteOutcome,
  OutputSink,
} from "./types";

export interface ExecutorOptions {
  /** The notebook's folder: modules and relative imports resolve from here. */
  cwd: string;
  /**
   * A converter already starting for `cwd`: the kernel starts it with the process, so that
   * TypeScript (~1.5 s of CPU before the first check) loads while the sockets bind and
   * kernel_info is answered, instead of after.
   */
  converter?: ConverterClient;
}

const defaultCellLabel = "<cell>";

/**
 * The interpreter layer on tslab's TypeScript front end. Cheap to create: the converter
 * (slow to start) starts on a worker thread on the next turn of the event loop, and the
 * first request waits for it.
 */
export function createExecutor(options: ExecutorOptions): Executor {
  const cwd = path.resolve(options.cwd);
  let converter: ConverterClient | undefined = options.converter;
  const startConverterOnce = () => {
    if (converter?.failed()) {
      // The worker died (out of memory, a TypeScript crash): the next request starts a new one.
      writeToStderrFd("TypeScript converter stopped; starting a new one\n");
      void converter.close();
      converter = undefined;
    }
    return (converter ??= startConverter(cwd));
  };
  const warmUp = setImmediate(startConverterOnce);
  warmUp.unref();

  const scope = createCellScope();
  const sideModules: SideModules = new Map();
  const esModules = new EsModules();
  const cellRequire = createCellRequire(cwd, sideModules, esModules);
  const scripts = new CellScripts();
  let declarations = "";
  let running: CellRun | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let disposed = false;
  const heapWatch = startHeapWatch();

  const cellLocation = (script: string, line: number, column: number): string | undefined => {
    if (!scripts.has(script)) return undefined;
    const mapped = scripts.toUser(script, line, column);
    return mapped && `${mapped.label}:${mapped.line}`;
  };

  /** The cell being type-checked, if any: an interrupt then stops it before it runs. */
  let converting: { interrupted: boolean } | undefined;
  const interruptRunning = () => {
    if (running) running.interrupt("interrupted while awaiting; the pending operation was abandoned");
    else if (converting) converting.interrupted = true;
  };
  const reportUncaught = (error: unknown) => {
    const text = describeUncaught(error, scripts);
    const cell = currentCell() ?? running?.context;
    if (cell) streamToSink(cell.sink, "stderr", text);
    else writeToStderrFd(text);
  };
  process.on("uncaughtException", reportUncaught);
  process.on("unhandledRejection", reportUncaught);
  const releaseHooks = [
    installOutputCapture(),
    guardProcessExit(),
    onSigint(interruptRunning),
    onInterruptRequest(interruptRunning),
    () => process.off("uncaughtException", reportUncaught),
    () => process.off("unhandledRejection", reportUncaught),
  ];

  async function executeNow(code: string, sink: OutputSink, executeOptions: ExecuteOptions): Promise<ExecuteOutcome> {
    if (disposed) return { status: "error", ename: "Error", evalue: "the executor was disposed", traceback: [] };
    const label = executeOptions.cellName ?? defaultCellLabel;
    let conversion: Conversion;
    // A request left from before this cell is not for it; one made while it is checked is.
    clearInterruptRequest();
    const checking = { interrupted: false };
    converting = checking;
    try {
      conversion = await startConverterOnce().request({ op: "convert", prevDecl: declarations + tsparallelDeclaration, src: code });
    } catch (error) {
      return runtimeErrorOutcome(error, scripts);
    } finally {
      converting = undefined;
    }
    if (checking.interrupted || takeInterruptRequest()) {
      return runtimeErrorOutcome(new KeyboardInterrupt("interrupted before the cell ran"), scripts);
    }
    for (const side of conversion.sideOutputs ?? []) sideModules.set(side.path, side.data);
    if (conversion.diagnostics.length > 0) return typeScriptErrorOutcome(conversion.diagnostics, label, executeOptions.positionMap);
    if (!conversion.output) {
      declarations = conversion.declOutput ?? "";
      return { status: "ok" };
    }
    const filename = scripts.nextFilename();
    scripts.add({ filename, label, mappings: conversion.mappings, positionMap: executeOptions.positionMap });
    const run = new CellRun(sink, cellLocation);
    running = run;
    const cell = markDeclaredNames(conversion.output);
    const before = snapshotNames(scope, cell.names.filter((name) => name !== conversion.lastExpressionVar));
    heapWatch.arm();
    try {
      const outcome = await cellContextStorage.run(run.context, () => runConverted(conversion, cell, filename, run));
      heapWatch.disarm();
      settleNames(scope, before);
      declarations = conversion.declOutput ?? "";
      return outcome;
    } catch (error) {
      if (isScriptInterruption(error)) run.abortSignal();
      const memoryError = heapWatch.disarm();
      // A cell stopped for memory gives up every name it bound: they hold what filled the heap.
      const unreached = settleNames(scope, before, memoryError !== undefined);
      declarations = await declarationsAfterFailure(conversion.declOutput ?? "", before.size, unreached);
      if (memoryError) garbageCollector()?.();
      return runtimeErrorOutcome(memoryError ?? error, scripts);
    } finally {
      setCellPhase(cellPhase.idle);
      clearInterruptRequest();
      if (running === run) running = undefined;
    }
  }

  /**
   * The session's declarations after a cell that threw: those of the names it bound before
   * the error are kept, so a later cell type-checks against them as IPython keeps them.
   */
  async function declarationsAfterFailure(current: string, declared: number, unreached: string[]): Promise<string> {
    if (unreached.length === declared) return declarations;
    if (unreached.length === 0) return current;
    try {
      return await startConverterOnce().request({ op: "keepDeclarations", previous: declarations, current, unreached });
    } catch (error) {
      writeToStderrFd(`could not keep the declarations of a failed cell: ${String(error)}\n`);
      return declarations;
    }
  }

  async function runConverted(conversion: Conversion, cell: MarkedCell, filename: string, run: CellRun): Promise<ExecuteOutcome> {
    if (conversion.staticImports?.length) {
      // Interruptible like any await: a module's top-level await may never settle.
      setCellPhase(cellPhase.awaiting);
      await run.race(esModules.preload(conversion.staticImports, cellRequire.resolve));
    }
    setCellPhase(cellPhase.script);
    const completion = runCellScript(cell.code, filename, conversion.hasToplevelAwait ?? false, {
      scope,
      require: cellRequire,
      cwd,
    });
    setCellPhase(cellPhase.awaiting);
    if (conversion.hasToplevelAwait) await run.race(Promise.resolve(completion));
    if (!conversion.lastExpressionVar) return { status: "ok" };
    const value = scope[conversion.lastExpressionVar];
    // Cleared rather than deleted: deleting a property puts the scope object in V8's slow
    // dictionary mode, and every cell reads earlier names through it.
    scope[conversion.lastExpressionVar] = undefined;
    if (value === undefined || value instanceof DisplayHandle) return { status: "ok" };
    return { status: "ok", result: { data: mimeBundleOf(value), metadata: {} } };
  }

  function complete(code: string, cursorPos: number): CompletionOutcome {
    const position = codePointsToUtf16(code, cursorPos);
    try {
      const reply = startConverterOnce().requestSync({ op: "complete", prevDecl: declarations + tsparallelDeclaration, src: code, position });
      const cursorStart = utf16ToCodePoints(code, reply.start);
      const cursorEnd = utf16ToCodePoints(code, reply.end);
      return {
        matches: reply.candidates,
        cursorStart,
        cursorEnd,
        metadata: {
          _jupyter_types_experimental: reply.candidates.map((text, index) => ({
            start: cursorStart,
            end: cursorEnd,
            text,
            type: reply.kinds[index],
          })),
        },
      };
    } catch (error) {
      writeToStderrFd(`complete failed: ${String(error)}\n`);
      return { matches: [], cursorStart: cursorPos, cursorEnd: cursorPos, metadata: {} };
    }
  }

  function inspect(code: string, cursorPos: number, detailLevel: 0 | 1): InspectionOutcome {
    const position = codePointsToUtf16(code, cursorPos);
    try {
      const prevDecl = declarations + tsparallelDeclaration;
      // Jupyter sends the cursor just after the name ("Math.max|("): try there, then one back.
      const info =
        startConverterOnce().requestSync({ op: "inspect", prevDecl, src: code, position }) ??
        (position > 0 ? startConverterOnce().requestSync({ op: "inspect", prevDecl, src: code, position: position - 1 }) : undefined);
      if (!info || !info.signature) return { found: false, data: {} };
      return { found: true, data: quickInfoBundle(info, detailLevel) };
    } catch (error) {
      writeToStderrFd(`inspect failed: ${String(error)}\n`);
      return { found: false, data: {} };
    }
  }

  function isComplete(code: string): IsCompleteOutcome {
    try {
      return startConverterOnce().requestSync({ op: "isComplete", src: code });
    } catch (error) {
      writeToStderrFd(`is_complete failed: ${String(error)}\n`);
      return { status: "unknown" };
    }
  }

  return {
    execute(code, sink, executeOptions = {}) {
      // A cell awaiting a promise that only an interrupt will end has no handle keeping
      // the process alive; its caller is still waiting for the outcome.
      const keepAlive = setInterval(() => undefined, 1 << 30);
      // One cell at a time, in the order requested.
      const outcome = queue.then(() => executeNow(code, sink, executeOptions)).finally(() => clearInterval(keepAlive));
      queue = outcome.catch(() => undefined);
      return outcome;
    },
    complete,
    inspect,
    isComplete,
    interrupt: interruptRunning,
    async dispose() {
      if (disposed) return;
      disposed = true;
      clearImmediate(warmUp);
      running?.interrupt("the kernel is shutting down");
      for (const failure of await runSessionDisposers()) writeToStderrFd(`session disposer failed: ${failure.stack ?? failure.message}\n`);
      await converter?.close();
      await heapWatch.close();
      for (const release of releaseHooks) release();
      scripts.clear();
      sideModules.clear();
      for (const name of Object.keys(scope)) delete scope[name];
    },
  };
}
