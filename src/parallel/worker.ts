/**
 * The worker entry, compiled to dist/src/parallel/worker.js and loaded by every pool
 * thread. Workers run loop bodies by name (or standalone source compiled here);
 * no closure is ever turned into a string.
 */
import workerpool from "workerpool";
import { format } from "node:util";
import { threadId } from "node:worker_threads";
import { nowUs } from "../timing/clocks";
import { CANCELLED, chunkCount, chunkUnits, controlSlots, counterSlot, homeRange, type JobSpec } from "./job";
import { prepareRunner, type RangeRunner } from "./bodies";
import { DISPATCHED, ENDED, STARTED, THREAD, TIMELINE_SLOTS } from "./timeline-record";
import type { ChunkReport, LoopReport, ProbeReport, WarmReport } from "./worker-reports";
import "./register-bodies";

type Transfer = InstanceType<typeof workerpool.Transfer>;

/**
 * console output of a body goes back as a workerpool event on the task's own message
 * port, so it arrives before the task's result and reaches the cell that started the
 * run (a thread's stdout stream is not ordered with its messages).
 */
function emitOutput(stream: "stdout" | "stderr") {
  return (...args: unknown[]): void => workerpool.workerEmit({ kind: "output", stream, text: `${format(...args)}\n` });
}
console.log = console.info = console.debug = emitOutput("stdout");
console.warn = console.error = emitOutput("stderr");

/** The last prepared job: under shared transport every chunk of a run reuses it. */
let cached: { id: string; runner: RangeRunner } | undefined;

/** The spec's body, ready to run, and how long getting it ready took; a failure carries the body's position. */
function timedRunnerFor(spec: JobSpec): { runner: RangeRunner; prepareUs: number } {
  const startUs = nowUs();
  try {
    return { runner: runnerFor(spec), prepareUs: nowUs() - startUs };
  } catch (error) {
    throw annotate(error, undefined);
  }
}

function runnerFor(spec: JobSpec): RangeRunner {
  if (spec.transport === "copy") return prepareRunner(spec); // each task has its own copies
  if (cached?.id !== spec.id) cached = { id: spec.id, runner: prepareRunner(spec) };
  return cached.runner;
}

/** Marks an error with where it happened; workerpool sends own properties back. */
function annotate(error: unknown, units: [number, number] | undefined): Error {
  const wrapped = error instanceof Error ? error : new Error(String(error));
  Object.assign(wrapped, { threadId, units });
  return wrapped;
}

/** Output buffers go back moved, not copied again. */
function outputsOf(spec: JobSpec): { buffers: Record<string, Float64Array>; transfer: ArrayBuffer[] } {
  const buffers: Record<string, Float64Array> = {};
  const transfer: ArrayBuffer[] = [];
  if (spec.transport !== "copy") return { buffers, transfer };
  for (const { name } of spec.outputs) {
    const input = spec.inputs[name];
    if (input && (input.kind === "matrix" || input.kind === "array") && input.data instanceof Float64Array) {
      buffers[name] = input.data;
      transfer.push(input.data.buffer as ArrayBuffer);
    }
  }
  return { buffers, transfer };
}

/**
 * Cost of one claim in the shared-dispatch loop (Atomics.load of the cancel flag plus
 * Atomics.add on the worker's own counter), measured once per thread. Per-chunk
 * timestamps would cost more than the claim itself (performance.now() ~65 ns vs
 * Atomics.add ~12 ns, measured), so the loop is timed as a whole and claims are
 * charged at this rate.
 */
function measureClaimCostUs(): number {
  const control = new Int32Array(new SharedArrayBuffer(controlSlots(1) * 4));
  const spec = { start: 0, end: 200_000, unitsPerChunk: 1 };
  const noop: RangeRunner = () => {};
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    control.fill(0);
    const t0 = nowUs();
    const { claims } = claimLoop(spec, control, 0, 1, noop);
    best = Math.min(best, (nowUs() - t0) / claims);
  }
  return best;
}

/**
 * The self-scheduling loop: claim the next chunk with one Atomics.add, run it, repeat;
 * first on this worker's own counter over its home range, then on the other workers'
 * counters until every range is exhausted. One shared counter for all workers made
 * every claim a cache-line transfer between the two cores (~200 ns each way here):
 * Example 1 at element grain, n = 1000, 100 rows of C, 2 workers, medians of runs
 * where both workers had a core: 62.8 ms with one counter, 53.9 ms with a counter
 * per worker, 56.1 ms with no counter at all (a static interleave). Kept free of allocation (the claim must stay
 * well under 0.2 µs); `claimed` records the chunks only when copy transport needs them.
 *
 * With a `timeline` (timeline-record.ts) each chunk's times go into its slots: one clock
 * read after the body, the previous read being the chunk's start, so recording costs a
 * clock read (~65 ns) and four stores per chunk rather than two reads.
 */
function claimLoop(
  spec: Pick<JobSpec, "start" | "end" | "unitsPerChunk">,
  control: Int32Array,
  home: number,
  workers: number,
  runner: RangeRunner,
  claimed?: number[],
  timeline?: Float64Array,
  dispatchedUs = 0,
): { claims: number; chunks: number; units: number } {
  const total = chunkCount(spec);
  const { start, end, unitsPerChunk } = spec;
  let claims = 0;
  let chunks = 0;
  let units = 0;
  let lastUs = timeline === undefined ? 0 : nowUs();
  for (let visit = 0; visit < workers; visit++) {
    const owner = (home + visit) % workers;
    const { first, end: stop } = homeRange(total, workers, owner);
    const slot = counterSlot(owner);
    for (;;) {
      if (Atomics.load(control, CANCELLED) !== 0) return { claims, chunks, units };
      const chunk = first + Atomics.add(control, slot, 1);
      claims++;
      if (chunk >= stop) break;
      const u0 = start + chunk * unitsPerChunk;
      const u1 = Math.min(u0 + unitsPerChunk, end);
      try {
        runner(u0, u1);
      } catch (error) {
        throw annotate(error, [u0, u1]);
      }
      if (timeline !== undefined) {
        const endUs = nowUs();
        const at = chunk * TIMELINE_SLOTS;
        timeline[at + DISPATCHED] = dispatchedUs;
        timeline[at + STARTED] = lastUs;
        timeline[at + ENDED] = endUs;
        timeline[at + THREAD] = threadId;
        lastUs = endUs;
      }
      chunks++;
      units += u1 - u0;
      if (claimed) claimed.push(chunk);
    }
  }
  return { claims, chunks, units };
}

let claimCostUs: number | undefined;

/** A probe block this long is timed well (clock reads ~65 ns). */
const PROBE_BLOCK_US = 50;
/** A probe block within this factor of the best before it: the timings have settled. */
const PROBE_SETTLED = 0.7;
/** A probe stops once it has computed this long (its first blocks run cold). */
const PROBE_BUDGET_US = 50_000;

/**
 * Runs up to `maxUnits` units from spec.start in timed blocks (1 unit, doubling while
 * blocks are shorter than PROBE_BLOCK_US) until at least three blocks are done and the
 * last one is no longer much cheaper per unit than the best before it. The first
 * blocks of a fresh worker run cold: naive rows at n = 1000 took 12.1, 11.5, then
 * 1.2 ms each from the third on (n = 200: 9.6, 4.7, then 0.07 ms), so the work per
 * unit is the cheapest block's, never the first row's.
 */
function probeUnits(spec: JobSpec, runner: RangeRunner, control: Int32Array, maxUnits: number): { units: number; unitUs: number; computeUs: number } {
  let units = 0;
  let blocks = 0;
  let block = 1;
  let unitUs = Infinity;
  let computeUs = 0;
  while (units < maxUnits && Atomics.load(control, CANCELLED) === 0) {
    const size = Math.min(block, maxUnits - units);
    const u0 = spec.start + units;
    const t0 = nowUs();
    try {
      runner(u0, u0 + size);
    } catch (error) {
      throw annotate(error, [u0, u0 + size]);
    }
    const us = nowUs() - t0;
    units += size;
    blocks++;
    computeUs += us;
    const settled = us / size >= PROBE_SETTLED * unitUs;
    unitUs = Math.min(unitUs, us / size);
    if (blocks >= 3 && settled && us >= PROBE_BLOCK_US) break;
    if (blocks >= 2 && computeUs >= PROBE_BUDGET_US) break;
    block = us >= PROBE_BLOCK_US ? size : 2 * size;
  }
  return { units, unitUs: Number.isFinite(unitUs) ? unitUs : 0, computeUs };
}

const methods = {
  warm(): WarmReport {
    claimCostUs ??= measureClaimCostUs();
    return { threadId, claimCostUs };
  },

  /** Message dispatch: one chunk per task; with a timeline, its start and end go into the chunk's slots. */
  chunk(spec: JobSpec, chunk: number, control: Int32Array, timeline?: Float64Array): ChunkReport | Transfer {
    const startUs = nowUs();
    const report: ChunkReport = { threadId, chunk, startUs, endUs: startUs, computeUs: 0, skipped: false };
    if (Atomics.load(control, CANCELLED) !== 0) {
      report.skipped = true;
      report.endUs = nowUs();
      return report;
    }
    const units = chunkUnits(spec, chunk);
    const t0 = nowUs();
    try {
      runnerFor(spec)(units[0], units[1]);
    } catch (error) {
      throw annotate(error, units);
    }
    const t1 = nowUs();
    report.computeUs = t1 - t0;
    if (timeline !== undefined) {
      // DISPATCHED is the calling thread's to write.
      const at = chunk * TIMELINE_SLOTS;
      timeline[at + STARTED] = t0;
      timeline[at + ENDED] = t1;
      timeline[at + THREAD] = threadId;
    }
    const { buffers, transfer } = outputsOf(spec);
    report.outputs = buffers;
    report.endUs = nowUs();
    return transfer.length > 0 ? new workerpool.Transfer(report, transfer) : report;
  },

  /** Auto grain's probe: the first units of the range, timed in blocks. */
  probe(spec: JobSpec, maxUnits: number, control: Int32Array): ProbeReport | Transfer {
    const startUs = nowUs();
    const { runner, prepareUs } = timedRunnerFor(spec);
    const { units, unitUs, computeUs } = probeUnits(spec, runner, control, maxUnits);
    const { buffers, transfer } = outputsOf(spec);
    const report: ProbeReport = {
      threadId,
      chunk: 0,
      startUs,
      endUs: 0,
      computeUs: prepareUs + computeUs,
      skipped: units === 0,
      outputs: buffers,
      units,
      unitUs,
    };
    report.endUs = nowUs();
    return transfer.length > 0 ? new workerpool.Transfer(report, transfer) : report;
  },

  /**
   * Shared dispatch: one long task per worker (`home` of `workers`), claiming chunks until
   * none is left; with a timeline, `sentUs` is when the calling thread sent this task.
   */
  loop(spec: JobSpec, control: Int32Array, home: number, workers: number, timeline?: Float64Array, sentUs?: number): LoopReport | Transfer {
    const startUs = nowUs();
    claimCostUs ??= measureClaimCostUs();
    const { runner, prepareUs } = timedRunnerFor(spec);
    const t1 = nowUs();
    const claimed = spec.transport === "copy" ? [] : undefined;
    const { claims, chunks, units } = claimLoop(spec, control, home, workers, runner, claimed, timeline, sentUs);
    const loopUs = nowUs() - t1;
    const claimUs = Math.min(loopUs, claims * claimCostUs);
    const { buffers, transfer } = outputsOf(spec);
    const report: LoopReport = {
      threadId,
      startUs,
      endUs: 0,
      computeUs: prepareUs + loopUs - claimUs,
      claimUs,
      chunks,
      units,
      claimed: claimed ? Int32Array.from(claimed) : undefined,
      outputs: buffers,
    };
    if (report.claimed) transfer.push(report.claimed.buffer as ArrayBuffer);
    report.endUs = nowUs();
    return transfer.length > 0 ? new workerpool.Transfer(report, transfer) : report;
  },
};

workerpool.worker(methods);
