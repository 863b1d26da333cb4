import { writeSync } from "node:fs";
import { currentCell } from "../cell/context";
import { unwrapConsoleFromInspector } from "./console-without-inspector";
import type { OutputSink } from "./types";

type Write = typeof process.stdout.write;

let installs = 0;
let restore: (() => void) | undefined;
let insideSink = false;

/**
 * Routes `process.stdout.write` and `process.stderr.write` (and so `console.*`, which writes
 * through them) to the running cell's OutputSink, found through cellContextStorage, so
 * callbacks a cell scheduled still print into that cell. Outside any cell:
 * - stderr (kernel diagnostics) goes straight to file descriptor 2 with fs.writeSync;
 * - stdout keeps its original stream (the test runner and the kernel's parent read it).
 * Neither ever reaches a cell. Reference-counted: installed by the first executor,
 * removed when the last one is disposed. While installed, `console` skips the
 * inspector's copy of every call (console-without-inspector.ts).
 */
export function installOutputCapture(): () => void {
  if (installs++ === 0) {
    const originalStdout = process.stdout.write;
    const originalStderr = process.stderr.write;
    process.stdout.write = routedWrite("stdout", (chunk, encoding, callback) =>
      originalStdout.call(process.stdout, chunk, encoding as BufferEncoding, callback),
    );
    process.stderr.write = routedWrite("stderr", (chunk, _encoding, callback) => {
      writeToStderrFd(chunk);
      callback?.();
      return true;
    });
    const rewrapConsole = unwrapConsoleFromInspector();
    restore = () => {
      process.stdout.write = originalStdout;
      process.stderr.write = originalStderr;
      rewrapConsole();
    };
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--installs === 0) restore?.();
  };
}

function routedWrite(
  name: "stdout" | "stderr",
  outsideCell: (chunk: string | Uint8Array, encoding?: string, callback?: (error?: Error | null) => void) => boolean,
): Write {
  return function write(
    chunk: string | Uint8Array,
    encodingOrCallback?: BufferEncoding | ((error?: Error | null) => void),
    maybeCallback?: (error?: Error | null) => void,
  ): boolean {
    const encoding = typeof encodingOrCallback === "string" ? encodingOrCallback : undefined;
    const callback = typeof encodingOrCallback === "function" ? encodingOrCallback : maybeCallback;
    const cell = currentCell();
    if (!cell || insideSink) return outsideCell(chunk, encoding, callback);
    streamToSink(cell.sink, name, typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(encoding ?? "utf8"));
    if (callback) afterWrite(callback);
    return true;
  } as Write;
}

let written: Array<(error?: Error | null) => void> = [];

/**
 * A stream calls a write's callback on a later tick; the Console passes one
 * with every line it prints. One tick for all the callbacks of a burst of
 * writes, instead of one tick each (a tenth of a print loop's time).
 */
function afterWrite(callback: (error?: Error | null) => void): void {
  if (written.push(callback) > 1) return;
  process.nextTick(() => {
    const callbacks = written;
    written = [];
    for (const call of callbacks) call();
  });
}

/**
 * Sends text to a cell's sink. While the sink runs, writes go outside any cell: a sink
 * that itself logs (a test double, a debugging handler) would otherwise feed its own
 * output back into itself.
 */
export function streamToSink(sink: OutputSink, name: "stdout" | "stderr", text: string): void {
  insideSink = true;
  try {
    sink.stream(name, text);
  } catch (error) {
    writeToStderrFd(`output of a cell could not be sent: ${String(error)}\n`);
  } finally {
    insideSink = false;
  }
}

/** The kernel's own diagnostics channel: synchronous, bypasses every stream hook. */
export function writeToStderrFd(text: string | Uint8Array): void {
  try {
    if (typeof text === "string") writeSync(2, text);
    else writeSync(2, text);
  } catch {
    // stderr closed: nowhere left to report.
  }
}
