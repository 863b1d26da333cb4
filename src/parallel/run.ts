import { performance } from "node:perf_hooks";
import { currentCell } from "../execution/cell-context";
import { nowUs } from "./clock";
import { copyBackUnits, copyInputs } from "./copy";
import { ParallelInterruptedError } from "./errors";
import { toRunError } from "./failure";
import { CANCELLED, CONTROL_SLOTS, NEXT_CHUNK, chunkCount, chunkUnits, type JobSpec } from "./job";
import { isParallelEnabled } from "./mode";
import { checkWindow, checkWorkerCount, type Dispatch, type ResolvedGrain, type RunOptions, type Transport } from "./options";
import { pool } from "./pool";
import type { ChunkReport, LoopReport } from "./reports";
import { prepareRunner } from "./runner";
import { recordTrace } from "./settings";
import { Tallies, type RunTrace } from "./trace";

/** A run before its grain is applied: the caller builds the job after the clock starts. */
export interface RunPlan {
  label: string;
  grain: ResolvedGrain;
  /** Maps a worker's stack into the user's text (standalone bodies). */
  mapStack?: (stack: string) => string;
  /** Builds the job (kernel preparation included) once timing has begun. */
  build(grain: "row" | "element"): Omit<JobSpec, "id" | "unitsPerChunk" | "transport">;
}

/** How long a cancelled run waits for tasks in flight before terminating their threads. */
const GRACE_MS = 300;
/** Auto grain keeps per-task overhead under this share of a chunk's work. */
const AUTO_OVERHEAD_SHARE = 0.05;

let runCounter = 0;
let latest: RunTrace | undefined;

/** The trace of the most recent run (inline or on the pool). */
export function lastTrace(): RunTrace | undefined {
  return latest;
}

export async function runPlan(plan: RunPlan, options: RunOptions): Promise<RunTrace> {
  const signal = options.signal ?? currentCell()?.signal;
  if (signal?.aborted) throw new ParallelInterruptedError("interrupted before the run started");
  const trace =
    options.inline || !isParallelEnabled() ? runInline(plan, options.transport ?? "shared") : await runOnPool(plan, options, signal);
  latest = trace;
  recordTrace(trace);
  return trace;
}

/** Serial, on the calling thread, as one range: the baseline every mode is compared with. */
function runInline(plan: RunPlan, transport: Transport): RunTrace {
  const t0 = nowUs();
  const spec: JobSpec = { ...plan.build("row"), id: `inline-${runCounter++}`, unitsPerChunk: Infinity, transport: "shared" };
  const tc = nowUs();
  prepareRunner(spec)(spec.start, spec.end);
  const t1 = nowUs();
  const units = spec.end - spec.start;
  return {
    label: plan.label,
    mode: "inline",
    workers: 1,
    grain: "inline",
    dispatch: "inline",
    transport,
    units,
    unitsPerChunk: units,
    chunks: 1,
    startUs: t0,
    wallUs: t1 - t0,
    serialUs: tc - t0,
    headUs: tc - t0,
    tailUs: 0,
    dispatcher: { busyUs: 0, copyUs: 0 },
    perWorker: [{ threadId: 0, tasks: 1, chunks: 1, queuedUs: tc - t0, transferUs: 0, computeUs: t1 - tc, idleUs: 0 }],
  };
}

interface RunState {
  spec: JobSpec;
  control: Int32Array;
  tallies: Tallies;
  dispatcher: { busyUs: number; copyUs: number };
  /** Set on the first failure or abort; dispatchers stop sending work. */
  stopped: boolean;
  failure: unknown;
  onFailure?: () => void;
}

async function runOnPool(plan: RunPlan, options: RunOptions, signal: AbortSignal | undefined): Promise<RunTrace> {
  if (options.workers !== undefined && checkWorkerCount(options.workers) !== pool.workers) await pool.resize(options.workers);
  const dispatch: Dispatch = options.dispatch ?? "shared";
  const transport: Transport = options.transport ?? "shared";
  const window = checkWindow(options.window ?? (transport === "copy" ? pool.workers : 4 * pool.workers));
  return pool.exclusive(async () => {
    const warm = await pool.ready();
    if (plan.grain.kind === "auto" && dispatch === "message" && pool.stats().perTaskCostUs === undefined) {
      await measureTaskCost();
    }
    const workers = pool.workers;
    // The calling thread's busy time, workerpool's message handling included.
    const loopAtStart = performance.eventLoopUtilization();
    const t0 = nowUs();
    const unit = plan.grain.kind === "element" ? "element" : "row";
    const base = plan.build(unit);
    const spec: JobSpec = { ...base, id: `${process.pid}-${runCounter++}`, unitsPerChunk: 1, transport };
    const state: RunState = {
      spec,
      control: new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4)),
      tallies: new Tallies(warm.map((w) => w.threadId)),
      dispatcher: { busyUs: 0, copyUs: 0 },
      stopped: false,
      failure: undefined,
    };
    let grainLabel = plan.grain.kind === "element" ? "element" : "";
    let grainReason: string | undefined;
    const work = (async () => {
      if (plan.grain.kind === "rows") spec.unitsPerChunk = plan.grain.rowsPerChunk;
      if (plan.grain.kind === "auto" && spec.end > spec.start) {
        const picked = await pickGrain(state, dispatch, workers);
        spec.unitsPerChunk = picked.rowsPerChunk;
        grainReason = picked.reason;
      }
      if (!state.stopped) {
        if (dispatch === "message") await runMessage(state, window);
        else await runShared(state, workers);
      }
    })();
    await supervise(state, work, signal, plan.mapStack);
    const t1 = nowUs();
    state.dispatcher.busyUs = performance.eventLoopUtilization(loopAtStart).active * 1000;
    if (!grainLabel) grainLabel = spec.unitsPerChunk === 1 ? "row" : `rows:${spec.unitsPerChunk}`;
    const perWorker = state.tallies.finish(t0, t1);
    const { headUs, tailUs } = state.tallies.serialParts(t0, t1);
    return {
      label: plan.label,
      mode: "pool",
      workers,
      grain: grainLabel,
      grainReason,
      dispatch,
      transport,
      units: base.end - base.start,
      unitsPerChunk: spec.unitsPerChunk,
      chunks: perWorker.reduce((sum, w) => sum + w.chunks, 0),
      startUs: t0,
      wallUs: t1 - t0,
      serialUs: headUs + tailUs,
      headUs,
      tailUs,
      dispatcher: state.dispatcher,
      perWorker,
    } satisfies RunTrace;
  });
}

/**
 * Waits for the dispatcher; on the first failure or an abort, raises the shared
 * cancel flag so workers stop at their next chunk, gives tasks in flight GRACE_MS
 * to return, and terminates (replaces) the threads of any that do not, so the
 * caller gets control back within a second and the pool stays usable.
 */
async function supervise(
  state: RunState,
  work: Promise<void>,
  signal: AbortSignal | undefined,
  mapStack: ((stack: string) => string) | undefined,
): Promise<void> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<"aborted">((resolve) => {
    if (!signal) return;
    // The signal may have fired while the pool was starting: no event will come.
    if (signal.aborted) return resolve("aborted");
    onAbort = () => resolve("aborted");
    signal.addEventListener("abort", onAbort, { once: true });
  });
  const failed = new Promise<"failed">((resolve) => {
    state.onFailure = () => resolve("failed");
  });
  try {
    const outcome = await Promise.race([work.then(() => "done" as const), aborted, failed]);
    if (outcome === "done" && state.failure === undefined) return;
    if (outcome === "aborted" && state.failure === undefined) state.failure = new ParallelInterruptedError("parallel run interrupted");
    stop(state);
    const settled = await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), GRACE_MS).unref()),
    ]);
    if (!settled) {
      await pool.replaceWorkers();
      await work.catch(() => undefined);
    }
    if (state.failure instanceof ParallelInterruptedError) throw state.failure;
    throw toRunError(state.failure, pool.stats().memoryLimitMb, mapStack);
  } finally {
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}

function stop(state: RunState): void {
  state.stopped = true;
  Atomics.store(state.control, CANCELLED, 1);
}

function fail(state: RunState, error: unknown): void {
  if (state.failure === undefined) {
    state.failure = error;
    if (isDeadWorker(error)) pool.noteWorkerDied();
  }
  stop(state);
  state.onFailure?.();
}

function isDeadWorker(error: unknown): boolean {
  return error instanceof Error && /^Workerpool Worker (terminated|error)/.test(error.message);
}

/** One chunk as a message task; resolves with its report (already tallied). */
function postChunk(state: RunState, spec: JobSpec, chunk: number): Promise<ChunkReport> {
  let params = spec;
  let transfer: ArrayBuffer[] | undefined;
  let copyUs = 0;
  if (spec.transport === "copy") {
    const c0 = nowUs();
    ({ spec: params, transfer } = copyInputs(spec));
    copyUs = nowUs() - c0;
  }
  return pool.exec<ChunkReport>("chunk", [params, chunk, state.control], transfer).then((report) => {
    if (!report.skipped) {
      const c0 = nowUs();
      const [u0, u1] = chunkUnits(spec, chunk);
      copyBackUnits(spec, report.outputs, u0, u1);
      const totalCopyUs = copyUs + (spec.transport === "copy" ? nowUs() - c0 : 0);
      const tally = state.tallies.get(report.threadId);
      tally.addTask(report.startUs, report.endUs, report.computeUs, 1);
      tally.mainCopyUs += totalCopyUs;
      state.dispatcher.copyUs += totalCopyUs;
    }
    return report;
  });
}

/** Message dispatch: one workerpool task per chunk, at most `window` in flight. */
function runMessage(state: RunState, window: number): Promise<void> {
  const spec = state.spec;
  const total = chunkCount(spec);
  let next = 0;
  let inFlight = 0;
  return new Promise<void>((resolve) => {
    const pump = (): void => {
      while (!state.stopped && inFlight < window && next < total) {
        inFlight++;
        postChunk(state, spec, next++).then(settle, (error: unknown) => {
          fail(state, error);
          settle();
        });
      }
      if (inFlight === 0 && (next >= total || state.stopped)) resolve();
    };
    const settle = (): void => {
      inFlight--;
      pump();
    };
    pump();
  });
}

/** Shared dispatch: one long task per worker; chunks are claimed with Atomics.add. */
async function runShared(state: RunState, workers: number): Promise<void> {
  const spec = state.spec;
  Atomics.store(state.control, NEXT_CHUNK, 0);
  const tasks: Promise<void>[] = [];
  for (let w = 0; w < workers; w++) {
    const t = nowUs();
    let params = spec;
    let transfer: ArrayBuffer[] | undefined;
    if (spec.transport === "copy") ({ spec: params, transfer } = copyInputs(spec));
    const copyUs = spec.transport === "copy" ? nowUs() - t : 0;
    state.dispatcher.copyUs += copyUs;
    const task = pool.exec<LoopReport>("loop", [params, state.control], transfer).then((report) => {
      const c0 = nowUs();
      if (report.claimed) {
        for (const chunk of report.claimed) {
          const [u0, u1] = chunkUnits(spec, chunk);
          copyBackUnits(spec, report.outputs, u0, u1);
        }
      }
      const backUs = spec.transport === "copy" ? nowUs() - c0 : 0;
      state.dispatcher.copyUs += backUs;
      const tally = state.tallies.get(report.threadId);
      tally.addTask(report.startUs, report.endUs, report.computeUs, report.chunks, report.claimUs);
      tally.mainCopyUs += copyUs + backUs;
    });
    tasks.push(task.catch((error: unknown) => fail(state, error)));
  }
  await Promise.all(tasks);
}

/**
 * Auto grain: runs the first row as a probe to measure the work per row, then aims at
 * 4 chunks per worker (enough for the last chunks to even out the load, and the row
 * blocks the cache-blocked kernels need: one row per call runs `blocked` ~2.6× slower
 * than its serial self, measured at n = 1000). If the per-task cost would then exceed
 * AUTO_OVERHEAD_SHARE of a chunk's work, chunks grow until it does not (at most one
 * per worker). Under message dispatch the calling thread sends tasks one after
 * another, so P workers need chunks P times larger.
 */
async function pickGrain(state: RunState, dispatch: Dispatch, workers: number): Promise<{ rowsPerChunk: number; reason: string }> {
  const spec = state.spec;
  const probe = await postChunk(state, { ...spec, end: spec.start + 1, unitsPerChunk: 1 }, 0).catch((error: unknown) => {
    fail(state, error);
    return undefined;
  });
  spec.start += 1;
  const rows = spec.end - spec.start;
  const rowUs = Math.max(probe?.computeUs ?? 1, 0.01);
  const stats = pool.stats();
  const taskUs = dispatch === "message" ? (stats.perTaskCostUs ?? 100) : (stats.claimCostUs ?? 0.02);
  const contenders = dispatch === "message" ? workers : 1;
  const balanced = Math.max(1, Math.ceil(rows / (4 * workers)));
  const cheapEnough = Math.ceil((contenders * taskUs) / (AUTO_OVERHEAD_SHARE * rowUs));
  const rowsPerChunk = Math.max(1, Math.min(Math.max(balanced, cheapEnough), Math.ceil(rows / workers)));
  const reason =
    `${dispatch} dispatch costs ${taskUs.toFixed(2)} µs per task, a row ${rowUs.toFixed(1)} µs of work: ` +
    (cheapEnough > balanced
      ? `rows:${rowsPerChunk} keeps the task cost ≤ ${AUTO_OVERHEAD_SHARE * 100}% of a chunk`
      : `rows:${rowsPerChunk} gives 4 chunks per worker with task cost ≤ ${AUTO_OVERHEAD_SHARE * 100}%`);
  return { rowsPerChunk, reason };
}

/**
 * Measures the pool's cost per task under message dispatch: empty tasks sent with
 * the default window (4 per worker), wall time over task count. Recorded in
 * `pool.stats().perTaskCostUs`, shown by `%parallel`, used by auto grain.
 */
export function measurePerTaskCost(tasks = 400): Promise<number> {
  return pool.exclusive(async () => {
    await pool.ready();
    return measureTaskCost(tasks);
  });
}

async function measureTaskCost(tasks = 400): Promise<number> {
  const workers = pool.workers;
  const state: RunState = {
    spec: {
      id: `cost-${runCounter++}`,
      body: { kind: "named", name: "noop" },
      inputs: {},
      unit: "row",
      start: 0,
      end: tasks,
      unitsPerChunk: 1,
      outputs: [],
      transport: "shared",
    },
    control: new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4)),
    tallies: new Tallies([]),
    dispatcher: { busyUs: 0, copyUs: 0 },
    stopped: false,
    failure: undefined,
  };
  await runMessage(state, 4 * workers); // warm the path (JIT, caches)
  state.spec.id = `cost-${runCounter++}`;
  const t0 = nowUs();
  await runMessage(state, 4 * workers);
  const perTask = (nowUs() - t0) / tasks;
  if (state.failure !== undefined) throw toRunError(state.failure, pool.stats().memoryLimitMb);
  pool.recordTaskCost(perTask);
  return perTask;
}
