import { nowUs } from "../timing/clocks";
import { copyBackUnits, copyInputs } from "./copy";
import { chunkCount, chunkUnits, controlSlots, type JobSpec } from "./job";
import { pool } from "./pool";
import { DISPATCHED, TIMELINE_SLOTS } from "./timeline-record";
import type { ChunkReport, LoopReport, ProbeReport } from "./worker-reports";
import { fail, type RunState } from "./run-state";

/** One chunk as a message task; resolves with its report (already tallied). */
export function postChunk(state: RunState, spec: JobSpec, chunk: number): Promise<ChunkReport> {
  const timeline = state.recording?.buffer;
  return postTask<ChunkReport>(state, spec, "chunk", [chunk], () => chunkUnits(spec, chunk), timeline, chunk);
}

/**
 * Auto grain's probe as a message task: up to `maxUnits` units from spec.start, timed
 * in blocks on the worker; resolves with its report (already tallied, outputs copied back).
 */
export function postProbe(state: RunState, spec: JobSpec, maxUnits: number): Promise<ProbeReport> {
  const sentUs = nowUs();
  return postTask<ProbeReport>(state, spec, "probe", [maxUnits], (report) => [spec.start, spec.start + report.units]).then((report) => {
    if (state.recording && !report.skipped) {
      const { threadId, startUs, endUs, units } = report;
      state.recording.probe = { chunk: -1, threadId, dispatchedUs: sentUs, startUs, endUs, units };
    }
    return report;
  });
}

/**
 * Sends one task. A recorded chunk task (`timeline` and `chunk` given) carries the
 * timeline buffer, and its dispatch time goes into the chunk's slot here; the worker
 * writes the rest.
 */
function postTask<R extends ChunkReport>(
  state: RunState,
  spec: JobSpec,
  method: "chunk" | "probe",
  args: unknown[],
  unitsOf: (report: R) => [number, number],
  timeline?: Float64Array,
  chunk?: number,
): Promise<R> {
  const sentUs = nowUs();
  let params = spec;
  let transfer: ArrayBuffer[] | undefined;
  let copyUs = 0;
  if (spec.transport === "copy") {
    const c0 = nowUs();
    ({ spec: params, transfer } = copyInputs(spec));
    copyUs = nowUs() - c0;
  }
  if (timeline !== undefined && chunk !== undefined) timeline[chunk * TIMELINE_SLOTS + DISPATCHED] = sentUs;
  const taskArgs = timeline !== undefined ? [params, ...args, state.control, timeline] : [params, ...args, state.control];
  const sent = pool.exec<R>(method, taskArgs, transfer, state.onEvent);
  state.recording?.sends.push({ label: method === "probe" ? "send probe" : `send chunk ${chunk}`, startUs: sentUs, endUs: nowUs() });
  return sent.then((report) => {
    if (!report.skipped) {
      const c0 = nowUs();
      const [u0, u1] = unitsOf(report);
      copyBackUnits(spec, report.outputs, u0, u1);
      const totalCopyUs = copyUs + (spec.transport === "copy" ? nowUs() - c0 : 0);
      const tally = state.tallies.get(report.threadId);
      tally.addTask(report.startUs, report.endUs, report.computeUs, 1, u1 - u0);
      tally.mainCopyUs += totalCopyUs;
      state.dispatcher.copyUs += totalCopyUs;
    }
    return report;
  });
}

/** Message dispatch: one workerpool task per chunk, at most `window` in flight. */
export function runMessage(state: RunState, window: number): Promise<void> {
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

/**
 * Shared dispatch: one long task per worker; chunks are claimed with Atomics.add, each
 * worker first on its own counter over its home range (job.ts homeRange), then on the
 * others'. The counters start at 0 in a fresh control buffer (newRunState).
 */
export async function runShared(state: RunState, workers: number): Promise<void> {
  const spec = state.spec;
  if (controlSlots(workers) > state.control.length) throw new Error(`the run's control buffer has no claim counter for ${workers} workers`);
  const tasks: Promise<void>[] = [];
  const timeline = state.recording?.buffer;
  for (let w = 0; w < workers; w++) {
    const t = nowUs();
    let params = spec;
    let transfer: ArrayBuffer[] | undefined;
    if (spec.transport === "copy") ({ spec: params, transfer } = copyInputs(spec));
    const copyUs = spec.transport === "copy" ? nowUs() - t : 0;
    state.dispatcher.copyUs += copyUs;
    const args = timeline !== undefined ? [params, state.control, w, workers, timeline, t] : [params, state.control, w, workers];
    const sent = pool.exec<LoopReport>("loop", args, transfer, state.onEvent);
    state.recording?.sends.push({ label: `send loop task ${w}`, startUs: t, endUs: nowUs() });
    const task = sent.then((report) => {
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
      tally.addTask(report.startUs, report.endUs, report.computeUs, report.chunks, report.units, report.claimUs);
      tally.mainCopyUs += copyUs + backUs;
    });
    tasks.push(task.catch((error: unknown) => fail(state, error)));
  }
  await Promise.all(tasks);
}
