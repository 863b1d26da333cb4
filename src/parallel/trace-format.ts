import { MIN_COMPARED_US, UNEQUAL_SPEED } from "./evidence/thresholds";
import type { RunTrace } from "./trace";

/** One row per worker, times in milliseconds: the data behind the trace table and bar chart. */
export interface TraceRow {
  worker: string;
  tasks: number;
  chunks: number;
  queuedMs: number;
  transferMs: number;
  computeMs: number;
  idleMs: number;
  /** Compute per unit: equal work at unequal speed shows here. */
  perUnitUs: number | undefined;
}

export function traceRows(trace: RunTrace): TraceRow[] {
  // Workers are named by their position, as in the breakdown chart and the sentences; thread ids only in the sentences.
  return trace.perWorker.map((w, index) => ({
    worker: trace.mode === "inline" ? "main (inline)" : `worker ${index}`,
    tasks: w.tasks,
    chunks: w.chunks,
    queuedMs: w.queuedUs / 1000,
    transferMs: w.transferUs / 1000,
    computeMs: w.computeUs / 1000,
    idleMs: w.idleUs / 1000,
    perUnitUs: w.units > 0 ? w.computeUs / w.units : undefined,
  }));
}

/** The rows of a table: numbered as the breakdown chart numbers them, with the thread id the sentences name. */
export function traceTableRows(trace: RunTrace): TraceRow[] {
  return traceRows(trace).map((row, index) =>
    trace.mode === "inline" ? row : { ...row, worker: `worker ${index} (thread ${trace.perWorker[index]!.threadId})` },
  );
}


/**
 * Says so when one worker took much longer per unit than another: the same work at
 * unequal speed, a cause of idle time that no grain or dispatch removes for equal
 * static shares. Seen here: a fresh worker's first chunk of the blocked kernel at
 * 5× the per-row time of a worker that had already run it (V8 had not optimised the
 * code yet); and another tenant of the VM host loading one core, one of two workers
 * at half speed for tens of seconds, then both equal again.
 */
export function unequalSpeedNote(trace: RunTrace): string | undefined {
  const spread = speedSpread(trace);
  if (!spread || spread.ratio < UNEQUAL_SPEED) return undefined;
  const { slowest, fastest, ratio } = spread;
  return (
    `worker ${slowest.index} (thread ${slowest.threadId}) took ${ratio.toFixed(2)}× as long per unit as worker ${fastest.index} ` +
    `(thread ${fastest.threadId}): the same work ran at unequal speed — on that worker the code was still cold (its first run ` +
    `of this body, not yet optimised by V8), or its core was shared with another process or virtual machine or slower, or its ` +
    `units cost more`
  );
}

interface WorkerSpeed {
  /** Position in trace.perWorker (the table's "worker N"). */
  index: number;
  threadId: number;
  perUnitUs: number;
}

/**
 * The slowest and the fastest worker by compute per unit, and the ratio between them,
 * among the workers that computed long enough to compare; undefined when fewer than
 * two did (an inline run has one).
 */
export function speedSpread(trace: RunTrace): { slowest: WorkerSpeed; fastest: WorkerSpeed; ratio: number } | undefined {
  if (trace.mode !== "pool") return undefined;
  const timed: WorkerSpeed[] = [];
  trace.perWorker.forEach((w, index) => {
    if (w.units > 0 && w.computeUs >= MIN_COMPARED_US) timed.push({ index, threadId: w.threadId, perUnitUs: w.computeUs / w.units });
  });
  if (timed.length < 2) return undefined;
  const fastest = timed.reduce((a, b) => (b.perUnitUs < a.perUnitUs ? b : a));
  const slowest = timed.reduce((a, b) => (b.perUnitUs > a.perUnitUs ? b : a));
  return { slowest, fastest, ratio: slowest.perUnitUs / fastest.perUnitUs };
}

/** Microseconds per unit with three significant digits. */
export function formatPerUnit(us: number | undefined): string {
  return us === undefined ? "" : us.toPrecision(3);
}

/** A one-line description of the run: what, how, how long. */
export function traceHeadline(trace: RunTrace): string {
  const how =
    trace.mode === "inline"
      ? "inline (serial)"
      : `${trace.workers} workers, grain ${trace.grain}, ${trace.dispatch} dispatch, ${trace.transport} transport`;
  return `${trace.label}: ${how}, ${trace.chunks} chunks, wall ${(trace.wallUs / 1000).toFixed(3)} ms (serial part ${(trace.serialUs / 1000).toFixed(3)} ms)`;
}

/** The trace as a plain-text table (for `text/plain` output and logs). */
export function formatTrace(trace: RunTrace): string {
  const header = ["worker", "tasks", "chunks", "queued ms", "transfer ms", "compute ms", "idle ms", "µs/unit"];
  const body = traceTableRows(trace).map((r) => [
    r.worker,
    String(r.tasks),
    String(r.chunks),
    ...[r.queuedMs, r.transferMs, r.computeMs, r.idleMs].map((ms) => ms.toFixed(3)),
    formatPerUnit(r.perUnitUs),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  const lines = [traceHeadline(trace), line(header), ...body.map(line)];
  if (trace.grainReason) lines.push(`auto grain: ${trace.grainReason}`);
  const note = unequalSpeedNote(trace);
  if (note) lines.push(note);
  if (trace.mode === "pool") {
    lines.push(`calling thread: busy ${(trace.dispatcher.busyUs / 1000).toFixed(3)} ms, copying ${(trace.dispatcher.copyUs / 1000).toFixed(3)} ms`);
  }
  return lines.join("\n");
}
