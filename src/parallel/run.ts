import { performance } from "node:perf_hooks";
import { currentCell } from "../cell/context";
import type { OutputSink } from "../cell/output-sink";
import { pickGrain } from "./auto-grain";
import { nowUs } from "../timing/clocks";
import { runMessage, runShared } from "./dispatch";
import { ParallelInterruptedError } from "./errors";
import type { JobSpec } from "./job";
import { isParallelEnabled } from "./mode";
import { checkWindow, checkWorkerCount, type Dispatch, type ResolvedGrain, type RunOptions, type Transport } from "./options";
import { pool } from "./pool";
import { newRunState, type RunState } from "./run-state";
import { chunkSpans, timelineBuffer, type RunTimeline } from "./timeline-record";
import { chunkCount } from "./job";
import { prepareRunner } from "./bodies";
import { recordTrace } from "./settings";
import { supervise } from "./supervise";
import { measureTaskCost } from "./task-cost";
import type { RunTrace } from "./trace";

/** A run before its grain is applied: the caller builds the job after the clock starts. */
export interface RunPlan {
  label: string;
  grain: ResolvedGrain;
  /** Maps a worker's stack into the user's text (standalone bodies). */
  mapStack?: (stack: string) => string;
  /** Builds the job (kernel preparation included) once timing has begun. */
  build(grain: "row" | "element"): Omit<JobSpec, "id" | "unitsPerChunk" | "transport">;
}


let runCounter = 0;
let latest: RunTrace | undefined;

/** The trace of the most recent run (inline or on the pool). */
export function lastTrace(): RunTrace | undefined {
  return latest;
}

export async function runPlan(plan: RunPlan, options: RunOptions): Promise<RunTrace> {
  const cell = currentCell();
  const signal = options.signal ?? cell?.signal;
  if (signal?.aborted) throw new ParallelInterruptedError("interrupted before the run started");
  const trace =
    options.inline || !isParallelEnabled() ? runInline(plan, options.timeline === true) : await runOnPool(plan, options, signal, cell?.sink);
  latest = trace;
  recordTrace(trace);
  return trace;
}

/**
 * Serial, on the calling thread, as one range: the baseline every mode is compared with.
 * The body writes the caller's arrays in place whatever transport was asked for, so the
 * trace records shared transport, the one that ran.
 */
function runInline(plan: RunPlan, recordTimeline: boolean): RunTrace {
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
    transport: spec.transport,
    units,
    unitsPerChunk: units,
    chunks: 1,
    startUs: t0,
    wallUs: t1 - t0,
    serialUs: tc - t0,
    headUs: tc - t0,
    tailUs: 0,
    dispatcher: { busyUs: 0, copyUs: 0 },
    perWorker: [{ threadId: 0, tasks: 1, chunks: 1, units, queuedUs: tc - t0, transferUs: 0, computeUs: t1 - tc, idleUs: 0 }],
    // One chunk, on the calling thread (thread 0), nothing sent.
    timeline: recordTimeline ? { chunks: [{ chunk: 0, threadId: 0, dispatchedUs: tc, startUs: tc, endUs: t1 }], sends: [], clock: "start and end" } : undefined,
  };
}

/** The timeline a run recorded, once every task has settled. */
function timelineOf(state: RunState, dispatch: Dispatch): RunTimeline | undefined {
  const recording = state.recording;
  if (!recording) return undefined;
  return {
    chunks: recording.buffer ? chunkSpans(recording.buffer) : [],
    sends: recording.sends,
    probe: recording.probe,
    clock: dispatch === "message" ? "start and end" : "one read per chunk",
  };
}

async function runOnPool(
  plan: RunPlan,
  options: RunOptions,
  signal: AbortSignal | undefined,
  sink: OutputSink | undefined,
): Promise<RunTrace> {
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
    const state = newRunState(spec, warm.map((w) => w.threadId), sink, options.timeline === true);
    let grainLabel = plan.grain.kind === "element" ? "element" : "";
    let grainReason: string | undefined;
    const work = (async () => {
      if (plan.grain.kind === "rows") spec.unitsPerChunk = plan.grain.rowsPerChunk;
      if (plan.grain.kind === "auto" && spec.end > spec.start) {
        const picked = await pickGrain(state, dispatch, workers);
        spec.unitsPerChunk = picked.rowsPerChunk;
        grainReason = picked.reason;
      }
      if (state.recording) state.recording.buffer = timelineBuffer(chunkCount(spec));
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
      timeline: timelineOf(state, dispatch),
    } satisfies RunTrace;
  });
}
