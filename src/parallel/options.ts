import { UsageError } from "../errors";

/**
 * How finely the work is cut into tasks.
 * - `element`: one task per output element (the article's Example 1 as it describes it)
 * - `row`: one task per output row (what Numba's outer `prange` really does)
 * - `rows:K`: K rows per task
 * - `auto`: chosen from the measured per-task cost and per-row work
 */
export type Grain = "element" | "row" | `rows:${number}` | "auto";

/**
 * How tasks reach the workers.
 * - `message`: one workerpool task (a message round trip) per chunk
 * - `shared`: one long task per worker; chunks claimed with `Atomics.add` on a shared counter
 */
export type Dispatch = "message" | "shared";

/** How data reaches the workers: shared memory, or a private copy per task. */
export type Transport = "shared" | "copy";

export interface RunOptions {
  /** Worker count for this run; the pool is resized to it. Default: the pool's size. */
  workers?: number;
  grain?: Grain;
  dispatch?: Dispatch;
  transport?: Transport;
  /** Cancels the run; the running cell's interrupt signal is used when absent. */
  signal?: AbortSignal;
  /** Run inline on this thread, serially, as `%parallel off` does for every call. */
  inline?: boolean;
  /**
   * Tasks in flight at once under `message` dispatch. workerpool's queue takes
   * tasks off with Array.shift (O(queue length)): 10^5 queued tasks raise the cost
   * per task from ~40 to ~160 µs (measured), so the window stays small.
   */
  window?: number;
  /**
   * Record the task timeline (timeline-record.ts): every chunk's worker, dispatch, start
   * and end, in the trace's `timeline`. `trace: "timeline"` sets it. Off by default.
   */
  timeline?: boolean;
}

/**
 * A call's `trace` option: `true` resolves to the run's trace as well as its result;
 * `"timeline"` also records the task timeline into it (RunOptions.timeline).
 */
export type TraceOption = boolean | "timeline";

/** The run options a call's `trace` option implies. */
export function withTraceOption<O extends RunOptions & { trace?: TraceOption }>(options: O): O {
  return options.trace === "timeline" ? { ...options, timeline: true } : options;
}

export const DISPATCHES: readonly Dispatch[] = ["message", "shared"];
export const TRANSPORTS: readonly Transport[] = ["shared", "copy"];

/** A grain resolved to numbers: units are elements or rows; K units per chunk. */
export type ResolvedGrain = { kind: "element" } | { kind: "rows"; rowsPerChunk: number } | { kind: "auto" };

export function parseGrain(grain: string): ResolvedGrain {
  if (grain === "element") return { kind: "element" };
  if (grain === "row") return { kind: "rows", rowsPerChunk: 1 };
  if (grain === "auto") return { kind: "auto" };
  const match = /^rows:(\d+)$/.exec(grain);
  if (match) {
    const k = Number(match[1]);
    if (k >= 1 && Number.isSafeInteger(k)) return { kind: "rows", rowsPerChunk: k };
  }
  throw new UsageError(`grain must be element, row, rows:K (K >= 1) or auto, not ${JSON.stringify(grain)}`);
}

export function checkDispatch(dispatch: string): Dispatch {
  if ((DISPATCHES as readonly string[]).includes(dispatch)) return dispatch as Dispatch;
  throw new UsageError(`dispatch must be message or shared, not ${JSON.stringify(dispatch)}`);
}

export function checkTransport(transport: string): Transport {
  if ((TRANSPORTS as readonly string[]).includes(transport)) return transport as Transport;
  throw new UsageError(`transport must be shared or copy, not ${JSON.stringify(transport)}`);
}

export function checkWorkerCount(workers: number): number {
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > 256) {
    throw new UsageError(`workers must be an integer from 1 to 256, not ${workers}`);
  }
  return workers;
}

export function checkWindow(window: number): number {
  if (!Number.isSafeInteger(window) || window < 1) {
    throw new UsageError(`window must be a positive integer, not ${window}`);
  }
  return window;
}

/** Validates the option values a run needs before anything starts (bad values are UsageErrors). */
export function inputOptionsFor(options: RunOptions): { grain: ResolvedGrain; transport: Transport } {
  if (options.dispatch !== undefined) checkDispatch(options.dispatch);
  return {
    grain: parseGrain(options.grain ?? "auto"),
    transport: checkTransport(options.transport ?? "shared"),
  };
}
