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
}

export function traceRows(trace: RunTrace): TraceRow[] {
  return trace.perWorker.map((w) => ({
    worker: trace.mode === "inline" ? "main (inline)" : `worker ${w.threadId}`,
    tasks: w.tasks,
    chunks: w.chunks,
    queuedMs: w.queuedUs / 1000,
    transferMs: w.transferUs / 1000,
    computeMs: w.computeUs / 1000,
    idleMs: w.idleUs / 1000,
  }));
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
  const header = ["worker", "tasks", "chunks", "queued ms", "transfer ms", "compute ms", "idle ms"];
  const body = traceRows(trace).map((r) => [
    r.worker,
    String(r.tasks),
    String(r.chunks),
    ...[r.queuedMs, r.transferMs, r.computeMs, r.idleMs].map((ms) => ms.toFixed(3)),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  const lines = [traceHeadline(trace), line(header), ...body.map(line)];
  if (trace.grainReason) lines.push(`auto grain: ${trace.grainReason}`);
  if (trace.mode === "pool") {
    lines.push(`calling thread: busy ${(trace.dispatcher.busyUs / 1000).toFixed(3)} ms, copying ${(trace.dispatcher.copyUs / 1000).toFixed(3)} ms`);
  }
  return lines.join("\n");
}
