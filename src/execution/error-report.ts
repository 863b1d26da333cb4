import * as path from "node:path";
import { inspect } from "node:util";
import { applyPositionMap, type CellScripts } from "./cell-scripts";
import type { CellDiagnostic } from "./converter-protocol";
import { withoutInstallPaths } from "./frame-paths";
import { KeyboardInterrupt, isScriptInterruption } from "../cell/keyboard-interrupt";
import type { ExecuteOutcome, PositionMap } from "./types";

export type ErrorOutcome = Extract<ExecuteOutcome, { status: "error" }>;

/**
 * The ename of a cell rejected by the TypeScript checker (syntax and type errors alike):
 * the cell did not run at all, which a runtime name like TypeError or SyntaxError would hide.
 */
export const typeScriptErrorName = "TypeScriptError";

/**
 * A cell the checker rejected: evalue is the first diagnostic as "line:col - message";
 * the traceback has one line per diagnostic, "<cell>:line:col - error TS2322: message".
 * Positions are one-based, in the user's cell (after the magic layer's map, if any).
 */
export function typeScriptErrorOutcome(diagnostics: readonly CellDiagnostic[], label: string, positionMap?: PositionMap): ErrorOutcome {
  const located = diagnostics.map((diagnostic) => {
    const position = diagnostic.fileName
      ? { line: diagnostic.line, column: diagnostic.character }
      : applyPositionMap(positionMap, { line: diagnostic.line, column: diagnostic.character });
    return { diagnostic, where: `${position.line + 1}:${position.column + 1}` };
  });
  const first = located[0];
  return {
    status: "error",
    ename: typeScriptErrorName,
    evalue: first ? `${first.where} - ${first.diagnostic.message}` : "the TypeScript checker rejected the cell",
    traceback: located.map(
      ({ diagnostic, where }) => `${diagnostic.fileName ?? label}:${where} - error TS${diagnostic.code}: ${diagnostic.message}`,
    ),
  };
}

/** An error a cell threw (or a promise it awaited rejected with), in protocol form. */
export function runtimeErrorOutcome(error: unknown, scripts: CellScripts): ErrorOutcome {
  if (error instanceof KeyboardInterrupt || isScriptInterruption(error)) {
    const evalue = error instanceof KeyboardInterrupt ? error.message : "execution interrupted";
    return { status: "error", ename: "KeyboardInterrupt", evalue, traceback: [`KeyboardInterrupt: ${evalue}`] };
  }
  if (!isErrorLike(error)) {
    const shown = inspect(error, { colors: false, depth: 2 });
    return { status: "error", ename: "Error", evalue: shown, traceback: [`Uncaught ${shown}`] };
  }
  const ename = typeof error.name === "string" && error.name ? error.name : "Error";
  const evalue = typeof error.message === "string" ? error.message : String(error.message);
  if (ename === "UsageError") {
    // What the user typed was wrong: one line, no stack (IPython does the same).
    return { status: "error", ename, evalue, traceback: [`${ename}: ${evalue}`] };
  }
  return { status: "error", ename, evalue, traceback: tracebackOf(error, ename, evalue, scripts) };
}

/** Text for an error that escaped every cell (a timer's exception, an unhandled rejection). */
export function describeUncaught(error: unknown, scripts: CellScripts): string {
  return runtimeErrorOutcome(error, scripts).traceback.join("\n") + "\n";
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
}

function isErrorLike(value: unknown): value is ErrorLike {
  if (value instanceof Error) return true;
  return typeof value === "object" && value !== null && typeof (value as ErrorLike).message === "string";
}

const framePattern = /^\s+at /;
const locationPattern = /(tsparallel-cell-\d+\.js):(\d+):(\d+)/;
const kernelScriptPattern = /\btsparallel-(?!cell-)[\w-]+\.js:\d+/;

function tracebackOf(error: ErrorLike, ename: string, evalue: string, scripts: CellScripts): string[] {
  if (typeof error.stack !== "string") return [`${ename}: ${evalue}`];
  const lines = error.stack.split("\n");
  const firstFrame = lines.findIndex((line) => framePattern.test(line));
  const header = firstFrame === -1 ? lines : lines.slice(0, firstFrame);
  const frames = firstFrame === -1 ? [] : lines.slice(firstFrame);
  const shownFrames: string[] = [];
  for (const frame of frames) {
    const shown = userFrame(frame, scripts);
    if (shown !== undefined) shownFrames.push(shown);
  }
  return [...header, ...shownFrames];
}

/** A frame as the user should see it, or undefined for the kernel's own frames. */
function userFrame(frame: string, scripts: CellScripts): string | undefined {
  const location = locationPattern.exec(frame);
  if (location && scripts.has(location[1])) {
    const mapped = scripts.toUser(location[1], Number(location[2]), Number(location[3]));
    if (!mapped) return undefined; // the wrapper around the cell
    return frame.replace(location[0], `${mapped.label}:${mapped.line}:${mapped.column}`);
  }
  if (frame.includes("(node:") || /\bat node:/.test(frame)) return undefined;
  // The kernel's own vm scripts around cell code (a timer callback's, a measurement's).
  if (kernelScriptPattern.test(frame)) return undefined;
  if (frame.includes(executionDirectory)) return undefined;
  return withoutInstallPaths(frame);
}

const executionDirectory = __dirname + path.sep;
