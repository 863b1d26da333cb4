import type { Runtime } from "node:inspector";
import { fileURLToPath } from "node:url";
import { shownSourceLocation } from "../execution/frame-paths";

/** Names a cell script's position (`<cell 3>:12`); the running cell's context provides it. */
export type CellLocator = (script: string, line: number, column: number) => string | undefined;

/**
 * Where a sampled function is, as a traceback would name it, line only: `<cell 3>:12` for
 * cell code, `tsparallel/matmul/blocked.ts:40` for the library (through its source maps),
 * `node:internal/...:8` for Node's own code; empty for V8's special nodes such as
 * `(garbage collector)`. V8 numbers lines and columns from zero, tracebacks from one.
 */
export function locationOf(frame: Runtime.CallFrame, cellLocation: CellLocator | undefined): string {
  if (frame.url === "") return "";
  const line = frame.lineNumber + 1;
  const column = frame.columnNumber + 1;
  const inCell = cellLocation?.(frame.url, line, column);
  if (inCell !== undefined) return inCell;
  if (frame.url.startsWith("file://") || frame.url.startsWith("/")) {
    const file = frame.url.startsWith("file://") ? fileURLToPath(frame.url) : frame.url;
    const shown = shownSourceLocation(file, line, column);
    if (shown !== undefined) return shown.replace(/:\d+$/, "");
  }
  return frame.lineNumber < 0 ? frame.url : `${frame.url}:${line}`;
}
