/** What workers send back about their part of a run; times on the process-wide clock (timing/clocks.ts `nowUs`). */

export interface WarmReport {
  threadId: number;
  /** Cost of one Atomics claim in the shared-dispatch loop, µs. */
  claimCostUs: number;
}

export interface ChunkReport {
  threadId: number;
  chunk: number;
  /** Handler entry and exit on the worker. */
  startUs: number;
  endUs: number;
  /** Time inside the body (including its per-run preparation). */
  computeUs: number;
  /** The run was cancelled before this chunk started; nothing ran. */
  skipped: boolean;
  /** Copy transport: the task's private output copies, moved back. */
  outputs?: Record<string, Float64Array>;
}

/** Auto grain's probe: a chunk of `units` units run in timed blocks. */
export interface ProbeReport extends ChunkReport {
  units: number;
  /** Work per unit in the warmest (cheapest per unit) block, µs. */
  unitUs: number;
}

export interface LoopReport {
  threadId: number;
  startUs: number;
  endUs: number;
  computeUs: number;
  /** Claims charged at the calibrated claim cost (worker.ts measureClaimCostUs). */
  claimUs: number;
  chunks: number;
  /** Units in those chunks (the last chunk of a range may be short). */
  units: number;
  /** Copy transport: which chunks this worker ran, so their spans are copied back. */
  claimed?: Int32Array;
  outputs: Record<string, Float64Array>;
}

/** An event a worker emits while a task runs: console output of the body. */
export interface OutputEvent {
  kind: "output";
  stream: "stdout" | "stderr";
  text: string;
}
