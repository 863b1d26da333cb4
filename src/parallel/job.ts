/**
 * The plain data that describes one parallel run to a worker. Everything here
 * survives structured clone: typed arrays on a SharedArrayBuffer arrive shared
 * (not copied); on a plain ArrayBuffer they arrive as the task's own copy.
 */

export type TypedData = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array;

export type InputValue =
  | { kind: "matrix"; rows: number; cols: number; data: Float64Array }
  | { kind: "array"; data: TypedData }
  | { kind: "scalar"; value: number | string | boolean | null }
  /** Structured-cloneable plain data passed through as is (e.g. a kernel's prepared value). */
  | { kind: "data"; value: unknown };

/** A loop body: one registered in the worker entry, or standalone JavaScript. */
export type BodyRef =
  | { kind: "named"; name: string }
  | { kind: "source"; js: string; names: string[] };

/** The unit a chunk counts in; named bodies such as matmul need to know which. */
export type Unit = "row" | "element";

export interface JobSpec {
  /** Unique per run: workers cache the prepared body under it (shared transport only). */
  id: string;
  body: BodyRef;
  inputs: Record<string, InputValue>;
  unit: Unit;
  /** Iteration space [start, end); chunk c covers [start + c*unitsPerChunk, ...) clipped to end. */
  start: number;
  end: number;
  unitsPerChunk: number;
  /** Inputs the body writes; under copy transport their owned span comes back per chunk. */
  outputs: OutputSpan[];
  transport: "shared" | "copy";
}

/** Unit u owns `data[u*stride, (u+1)*stride)` of the output named `name`. */
export interface OutputSpan {
  name: string;
  stride: number;
}

/**
 * Layout of the Int32Array over a run's control SharedArrayBuffer: the cancel flag,
 * then one claim counter per worker, each word on its own 128 bytes. Every claim is
 * an Atomics.add, a locked read-modify-write that must own the counter's cache line;
 * a line another core writes costs a transfer per claim (a round trip between this
 * machine's two cores measured 410–450 ns). 128 rather than 64 bytes because
 * adjacent-line prefetchers fetch lines in pairs.
 */
export const CANCELLED = 0;
export const SLOTS_PER_LINE = 32;

/** Slot of worker `w`'s claim counter (0-based worker index within the run). */
export function counterSlot(w: number): number {
  return (w + 1) * SLOTS_PER_LINE;
}

/** Int32 slots a run with `workers` workers needs. */
export function controlSlots(workers: number): number {
  return counterSlot(Math.max(1, workers));
}

/**
 * Shared dispatch's home ranges: worker w owns chunks [first, end) of `total`, a
 * contiguous block, and claims them one at a time on its own counter; when its block
 * is done it claims on the others' counters (so the load still balances chunk by chunk).
 */
export function homeRange(total: number, workers: number, w: number): { first: number; end: number } {
  const per = Math.ceil(total / workers);
  const first = Math.min(total, w * per);
  return { first, end: Math.min(total, first + per) };
}

export function chunkCount(spec: Pick<JobSpec, "start" | "end" | "unitsPerChunk">): number {
  return Math.ceil(Math.max(0, spec.end - spec.start) / spec.unitsPerChunk);
}

export function chunkUnits(spec: Pick<JobSpec, "start" | "end" | "unitsPerChunk">, chunk: number): [number, number] {
  const u0 = spec.start + chunk * spec.unitsPerChunk;
  return [u0, Math.min(u0 + spec.unitsPerChunk, spec.end)];
}
