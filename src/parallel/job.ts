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
 * Slots of the Int32Array over the run's control SharedArrayBuffer. The counter every
 * worker increments and the cancel flag every worker reads sit on different 64-byte
 * cache lines: on one line, each claim by one core would evict the flag from the
 * other's cache, and every chunk would pay a cache miss to read it.
 */
export const NEXT_CHUNK = 0;
export const CANCELLED = 16;
export const CONTROL_SLOTS = 32;

export function chunkCount(spec: Pick<JobSpec, "start" | "end" | "unitsPerChunk">): number {
  return Math.ceil(Math.max(0, spec.end - spec.start) / spec.unitsPerChunk);
}

export function chunkUnits(spec: Pick<JobSpec, "start" | "end" | "unitsPerChunk">, chunk: number): [number, number] {
  const u0 = spec.start + chunk * spec.unitsPerChunk;
  return [u0, Math.min(u0 + spec.unitsPerChunk, spec.end)];
}
