import os from "node:os";
import type { RunTrace } from "./trace";

/**
 * A cost model of a parallel run, calibrated from one measured run (best: on 1 worker):
 *
 *   T(P) = s + max( ⌈N/P⌉ · (c + o),  N · d · max(1, (P + 1) / cores),  N · (c + o + d) / cores )
 *
 * s  serial part: before the first task and after the last (kernel preparation,
 *    first message, copying results back) — does not shrink with P (Amdahl)
 * N  chunks;  c  compute per chunk;  o  per-chunk overhead on a worker (waiting for
 *    its next task, unpacking, claiming) — both shrink with P only as ⌈N/P⌉ does
 * d  the calling thread's time per chunk (sending a task, handling its result): it
 *    sends tasks one after another, so N·d bounds message dispatch whatever P is;
 *    with P workers and the calling thread on fewer cores than threads, it gets only
 *    a share of a core (measured here: empty tasks cost the same on 1 and 2 workers,
 *    Example 1's element tasks ~1.5× more per task on 2 workers than on 1, 2 cores).
 * The third term is the machine's capacity: every chunk needs c + o on a worker and d
 *    on the calling thread, and `cores` cores share all of it. It is what binds when
 *    threads outnumber cores and both sides are busy: Example 1 at element grain with
 *    message dispatch, 10×1000 elements, 2 workers on 2 cores: c + o ≈ 60 µs and
 *    d ≈ 27 µs per task from the 1-worker run; the first two terms predicted 410 ms,
 *    this one 435 ms, measured 470–520 ms (switching three threads on two cores is not
 *    free either).
 *
 * Not modelled: memory-bandwidth and cache contention between workers, and cores
 * that are busy with other work; the comparison with a measurement shows their size.
 */
export interface CostModel {
  /** What the calibration run was. */
  calibratedOn: { workers: number; dispatch: RunTrace["dispatch"]; grain: string; wallUs: number };
  chunks: number;
  serialUs: number;
  computePerChunkUs: number;
  overheadPerChunkUs: number;
  dispatcherPerChunkUs: number;
  /** The serial baseline speedups are relative to: measured inline time, else s + N·c. */
  baselineUs: number;
  /** Cores of the machine predictions are for (default: this machine's). */
  cores: number;
}

export interface Prediction {
  workers: number;
  wallUs: number;
  speedup: number;
  efficiency: number;
  /** Which term of the max() is largest. */
  bound: "workers" | "dispatcher" | "cores";
  /** The three terms of the max(), µs: the wall time is serialUs plus the largest. */
  terms: { workersUs: number; dispatcherUs: number; coresUs: number };
  /** Amdahl's bound for this P with the model's serial fraction. */
  amdahlSpeedup: number;
}

/**
 * Calibrates from a measured run's trace. `serialBaselineUs` is the inline (serial)
 * time of the same work, if measured; speedups are relative to it.
 */
export function calibrateModel(trace: RunTrace, serialBaselineUs?: number): CostModel {
  const n = Math.max(1, trace.chunks);
  const compute = trace.perWorker.reduce((sum, w) => sum + w.computeUs, 0);
  const activeWorkers = trace.perWorker.filter((w) => w.tasks > 0);
  // Each worker's time from the run's start to its last task, less the shared head
  // (counted in s) and its compute, is per-chunk overhead.
  const overhead = activeWorkers.reduce((sum, w) => sum + (trace.wallUs - w.idleUs - trace.headUs - w.computeUs), 0);
  const serialUs = trace.mode === "inline" ? 0 : trace.serialUs;
  return {
    calibratedOn: { workers: trace.workers, dispatch: trace.dispatch, grain: trace.grain, wallUs: trace.wallUs },
    chunks: n,
    serialUs,
    computePerChunkUs: compute / n,
    overheadPerChunkUs: Math.max(0, overhead / n),
    dispatcherPerChunkUs: trace.dispatch === "message" ? trace.dispatcher.busyUs / n : 0,
    baselineUs: serialBaselineUs ?? (trace.mode === "inline" ? trace.wallUs : serialUs + compute),
    cores: os.availableParallelism(),
  };
}

/**
 * Predicts a run on `workers` workers; `cores` (default: the model's, i.e. this
 * machine's) lets it answer for another machine, e.g. the article's 20 cores.
 */
export function predict(model: CostModel, workers: number, options: { cores?: number } = {}): Prediction {
  if (!Number.isSafeInteger(workers) || workers < 1) throw new RangeError(`workers must be a positive integer, not ${workers}`);
  const cores = options.cores ?? model.cores;
  const workerBound = Math.ceil(model.chunks / workers) * (model.computePerChunkUs + model.overheadPerChunkUs);
  const dispatcherShare = Math.max(1, (workers + 1) / cores);
  const dispatcherBound = model.chunks * model.dispatcherPerChunkUs * dispatcherShare;
  const coresBound = (model.chunks * (model.computePerChunkUs + model.overheadPerChunkUs + model.dispatcherPerChunkUs)) / cores;
  const wallUs = model.serialUs + Math.max(workerBound, dispatcherBound, coresBound);
  const speedup = model.baselineUs / wallUs;
  return {
    workers,
    wallUs,
    speedup,
    efficiency: speedup / workers,
    bound: boundOf(workerBound, dispatcherBound, coresBound),
    amdahlSpeedup: amdahlSpeedup(serialFraction(model), workers),
    terms: { workersUs: workerBound, dispatcherUs: dispatcherBound, coresUs: coresBound },
  };
}

/**
 * The term that sets the wall time. With no calling-thread time (shared dispatch) and
 * N divisible by P ≤ cores, the cores' term equals the workers' in exact arithmetic;
 * a tie, or a rounding difference, goes to the workers.
 */
function boundOf(workersUs: number, dispatcherUs: number, coresUs: number): Prediction["bound"] {
  const others = Math.max(workersUs, dispatcherUs);
  if (coresUs > others * (1 + 1e-9)) return "cores";
  return dispatcherUs > workersUs ? "dispatcher" : "workers";
}

/** Amdahl's serial fraction f: the share of the 1-worker time that cannot run in parallel. */
export function serialFraction(model: CostModel): number {
  const oneWorker = model.serialUs + model.chunks * (model.computePerChunkUs + model.overheadPerChunkUs);
  return oneWorker > 0 ? model.serialUs / oneWorker : 0;
}

/** Amdahl's law: the best speedup on P workers when a fraction f is serial. */
export function amdahlSpeedup(f: number, workers: number): number {
  return 1 / (f + (1 - f) / workers);
}

/**
 * The Karp–Flatt metric: the experimentally determined serial fraction
 * e = (1/S − 1/P) / (1 − 1/P) from a measured speedup S on P > 1 workers. A value
 * that grows with P points at overhead that grows with P, not a fixed serial part.
 */
export function karpFlatt(speedup: number, workers: number): number {
  if (workers <= 1) throw new RangeError("the Karp–Flatt metric needs more than one worker");
  return (1 / speedup - 1 / workers) / (1 - 1 / workers);
}
