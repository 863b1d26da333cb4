/**
 * Where the time of one run went. For every worker the four parts sum to the run's
 * wall time by construction, each measured on the worker's own timeline:
 *   queued   — waiting for work: from the run's start to its first task, between its
 *              tasks (message round trips, the dispatcher's turn), and, under shared
 *              dispatch, claiming chunks from the shared counter
 *   transfer — moving data: its inputs copied and its outputs copied back (copy
 *              transport), plus handler time outside the body (unpacking the task)
 *   compute  — inside the loop body, including its per-run preparation
 *   idle     — done with its last task, waiting for the others to finish (imbalance)
 */
export interface WorkerTrace {
  threadId: number;
  /** Workerpool tasks this worker ran. */
  tasks: number;
  /** Chunks of the iteration space it ran. */
  chunks: number;
  /** Units (rows, elements, iterations) in those chunks: compute / units is its speed. */
  units: number;
  queuedUs: number;
  transferUs: number;
  computeUs: number;
  idleUs: number;
}

import type { RunTimeline } from "./timeline-record";

export interface RunTrace {
  /** What ran: `matmul:<kernel>` or the loop body's name (`source` for standalone code). */
  label: string;
  mode: "inline" | "pool";
  workers: number;
  /** The grain as resolved (auto shows what it picked, e.g. `rows:8`). */
  grain: string;
  /** Why auto picked its grain; undefined for explicit grains. */
  grainReason?: string;
  dispatch: "message" | "shared" | "inline";
  transport: "shared" | "copy";
  /** Units of the iteration space (rows, elements or loop iterations). */
  units: number;
  unitsPerChunk: number;
  chunks: number;
  /** Start of the run on the shared clock (µs) and its wall time. */
  startUs: number;
  wallUs: number;
  /**
   * Time no worker could be busy: before the first task started (kernel preparation,
   * partitioning, the first message) and after the last ended (copying results back).
   * The measured serial part for Amdahl's law.
   */
  serialUs: number;
  /** The two pieces of serialUs: before the first task started, after the last ended. */
  headUs: number;
  tailUs: number;
  /** The calling thread: time spent sending tasks and handling results, and copying (copy transport). */
  dispatcher: { busyUs: number; copyUs: number };
  perWorker: WorkerTrace[];
  /** The task timeline, when the run recorded one (`trace: "timeline"`, `%parallel --timeline`). */
  timeline?: RunTimeline;
}

/** Per-worker sums gathered while a run is in progress. */
export class WorkerTally {
  tasks = 0;
  chunks = 0;
  units = 0;
  firstStartUs = Infinity;
  lastEndUs = -Infinity;
  handlerUs = 0;
  computeUs = 0;
  claimUs = 0;
  mainCopyUs = 0;

  constructor(readonly threadId: number) {}

  addTask(startUs: number, endUs: number, computeUs: number, chunks: number, units: number, claimUs = 0): void {
    this.tasks++;
    this.chunks += chunks;
    this.units += units;
    this.firstStartUs = Math.min(this.firstStartUs, startUs);
    this.lastEndUs = Math.max(this.lastEndUs, endUs);
    this.handlerUs += endUs - startUs;
    this.computeUs += computeUs;
    this.claimUs += claimUs;
  }

  /** The four parts over [t0, t1]; they sum to t1 - t0 exactly. */
  finish(t0: number, t1: number): WorkerTrace {
    const wall = t1 - t0;
    if (this.tasks === 0) {
      return { threadId: this.threadId, tasks: 0, chunks: 0, units: 0, queuedUs: 0, transferUs: 0, computeUs: 0, idleUs: wall };
    }
    const lastEnd = Math.min(this.lastEndUs, t1);
    const idleUs = Math.max(0, t1 - lastEnd);
    const busyUs = Math.min(this.handlerUs, lastEnd - t0);
    const computeUs = Math.min(this.computeUs, busyUs);
    const claimUs = Math.min(this.claimUs, busyUs - computeUs);
    const inHandlerTransferUs = busyUs - computeUs - claimUs;
    const gapsUs = Math.max(0, lastEnd - t0 - busyUs);
    // Copies made on the calling thread for this worker happen while it waits for the task.
    const copyUs = Math.min(this.mainCopyUs, gapsUs);
    return {
      threadId: this.threadId,
      tasks: this.tasks,
      chunks: this.chunks,
      units: this.units,
      queuedUs: gapsUs - copyUs + claimUs,
      transferUs: inHandlerTransferUs + copyUs,
      computeUs,
      idleUs,
    };
  }
}

export class Tallies {
  private readonly byThread = new Map<number, WorkerTally>();

  constructor(threadIds: Iterable<number>) {
    for (const id of threadIds) this.get(id);
  }

  get(threadId: number): WorkerTally {
    let tally = this.byThread.get(threadId);
    if (!tally) this.byThread.set(threadId, (tally = new WorkerTally(threadId)));
    return tally;
  }

  /** The run's serial part: before the first task anywhere, and after the last. */
  serialParts(t0: number, t1: number): { headUs: number; tailUs: number } {
    const ran = [...this.byThread.values()].filter((t) => t.tasks > 0);
    if (ran.length === 0) return { headUs: t1 - t0, tailUs: 0 };
    const first = Math.min(...ran.map((t) => t.firstStartUs));
    const last = Math.max(...ran.map((t) => t.lastEndUs));
    return { headUs: Math.max(0, first - t0), tailUs: Math.max(0, t1 - Math.max(first, last)) };
  }

  finish(t0: number, t1: number): WorkerTrace[] {
    return [...this.byThread.values()].map((t) => t.finish(t0, t1)).sort((a, b) => a.threadId - b.threadId);
  }
}

/** Sum of the four parts of one worker (equals the wall time). */
export function traceTotalUs(w: WorkerTrace): number {
  return w.queuedUs + w.transferUs + w.computeUs + w.idleUs;
}
