import type { MimeBundle } from "../cell/mime";
import type { OutputSink } from "../cell/output-sink";

export type { OutputSink };

/** The outcome of one cell, in the shape the protocol's execute_reply and error messages need. */
export type ExecuteOutcome =
  | { status: "ok"; result?: { data: MimeBundle; metadata: Record<string, unknown> } }
  | { status: "error"; ename: string; evalue: string; traceback: string[] };

export interface CompletionOutcome {
  matches: string[];
  cursorStart: number;
  cursorEnd: number;
  metadata: Record<string, unknown>;
}

export interface InspectionOutcome {
  found: boolean;
  data: MimeBundle;
}

export interface IsCompleteOutcome {
  status: "complete" | "incomplete" | "invalid" | "unknown";
  indent?: string;
}

/**
 * The interpreter layer: code in, results out. Knows nothing of sockets or
 * message framing; the handler owns the protocol.
 */
export interface Executor {
  execute(code: string, sink: OutputSink, options?: ExecuteOptions): Promise<ExecuteOutcome>;
  complete(code: string, cursorPos: number): CompletionOutcome;
  inspect(code: string, cursorPos: number, detailLevel: 0 | 1): InspectionOutcome;
  isComplete(code: string): IsCompleteOutcome;
  /** Stops the running cell: a busy synchronous loop or a pending await. */
  interrupt(): void;
  /** Releases everything the session created (worker pools, timers); called on shutdown and restart. */
  dispose(): Promise<void>;
}

/**
 * Maps a zero-based (line, column) in code the magic layer generated back to
 * the cell the user typed, so type errors and stack traces point at the user's text.
 */
export interface PositionMap {
  toUser(line: number, column: number): { line: number; column: number };
}

export interface ExecuteOptions {
  positionMap?: PositionMap;
  /** How tracebacks and type errors name this cell, e.g. "In [3]"; "<cell>" when not given. */
  cellName?: string;
}
