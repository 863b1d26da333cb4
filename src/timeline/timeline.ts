import { jupyterDisplaySymbol, type MimeBundle, type RichDisplayable } from "../cell/mime";
import type { ChunkClock } from "../parallel/timeline-record";
import type { RunTrace } from "../parallel/trace";
import { chromeTrace, type ChromeTrace } from "./chrome-trace";
import { timelineFigure } from "./figure";
import type { Figure } from "../display/plot/figure";
import { timelineStats, type TimelineStats } from "./stats";
import { timelineSummary } from "./summary";

/** The calling thread's lane: Node's main thread has thread id 0. */
export const callingThreadId = 0;

/** One row of the timeline: the calling thread, or a worker named as %parallel's tables name it. */
export interface TimelineLane {
  name: string;
  threadId: number;
}

/** A chunk as it ran, in µs since the run started. */
export interface ChunkBar {
  chunk: number;
  /** Index into `lanes`. */
  lane: number;
  threadId: number;
  dispatchedUs: number;
  startUs: number;
  endUs: number;
}

/** A task the calling thread sent, in µs since the run started. */
export interface SendBar {
  label: string;
  startUs: number;
  endUs: number;
}

/**
 * A run's task timeline, ready to read, draw and export: lanes (the calling thread, then
 * the workers as `worker 0 (thread 5)`), every chunk on its worker's lane, every task
 * the calling thread sent on its own. Times are µs since the run started (`startUs` on
 * the process-wide clock, so several runs can be laid on one axis).
 */
export class Timeline implements RichDisplayable {
  /** What ran and how, e.g. `matmul:naive, grain element, message dispatch`. */
  readonly label: string;
  readonly lanes: readonly TimelineLane[];
  readonly chunks: readonly ChunkBar[];
  readonly sends: readonly SendBar[];
  /** Auto grain's probe (its rows ran before the chunks were cut), on its worker's lane. */
  readonly probe?: ChunkBar & { units: number };
  /** The run's start on the process-wide clock (µs) and its wall time. */
  readonly startUs: number;
  readonly wallUs: number;
  readonly clock: ChunkClock;

  constructor(trace: RunTrace, label?: string) {
    const recorded = trace.timeline;
    if (!recorded) throw new RangeError(`the run ${JSON.stringify(trace.label)} recorded no timeline; run it with trace: "timeline" (or %parallel --timeline)`);
    this.label = label ?? describeRun(trace);
    this.startUs = trace.startUs;
    this.wallUs = trace.wallUs;
    this.clock = recorded.clock;
    const workers = trace.mode === "inline" ? [] : trace.perWorker.map((w, index) => ({ name: `worker ${index} (thread ${w.threadId})`, threadId: w.threadId }));
    this.lanes = [{ name: trace.mode === "inline" ? "calling thread (inline)" : "calling thread", threadId: callingThreadId }, ...workers];
    const laneOf = new Map(this.lanes.map((lane, index) => [lane.threadId, index]));
    const since = (us: number) => us - trace.startUs;
    const bar = (span: { chunk: number; threadId: number; dispatchedUs: number; startUs: number; endUs: number }): ChunkBar => ({
      chunk: span.chunk,
      lane: laneOf.get(span.threadId) ?? this.addLane(span.threadId, laneOf),
      threadId: span.threadId,
      dispatchedUs: since(span.dispatchedUs),
      startUs: since(span.startUs),
      endUs: since(span.endUs),
    });
    this.chunks = recorded.chunks.map(bar);
    this.sends = recorded.sends.map((send) => ({ label: send.label, startUs: since(send.startUs), endUs: since(send.endUs) }));
    if (recorded.probe) this.probe = { ...bar(recorded.probe), units: recorded.probe.units };
  }

  /** A thread the trace did not list (a worker replaced during the run) gets a lane of its own. */
  private addLane(threadId: number, laneOf: Map<number, number>): number {
    const lanes = this.lanes as TimelineLane[];
    lanes.push({ name: `thread ${threadId}`, threadId });
    laneOf.set(threadId, lanes.length - 1);
    return lanes.length - 1;
  }

  /** Chunk durations and the gaps between a worker's consecutive chunks. */
  stats(): TimelineStats {
    return timelineStats(this);
  }

  /** Chrome Trace Event JSON (`{ traceEvents }`): write it to a file and open it in Perfetto or chrome://tracing. */
  chromeTrace(): ChromeTrace {
    return chromeTrace([this]);
  }

  /** The timeline as a plotly chart: a lane per thread, a bar per chunk and per task sent. */
  figure(title?: string): Figure {
    return timelineFigure([this], title);
  }

  /** A few true sentences: lanes, chunks, span, chunk length and gaps. */
  toString(): string {
    return timelineSummary(this);
  }

  [jupyterDisplaySymbol](): MimeBundle {
    return { ...this.figure()[jupyterDisplaySymbol](), "text/plain": this.toString() };
  }
}

function describeRun(trace: RunTrace): string {
  if (trace.mode === "inline") return `${trace.label}, inline (serial)`;
  return `${trace.label}, grain ${trace.grain}, ${trace.dispatch} dispatch`;
}

/** The timelines of the runs that recorded one. */
export function timelinesOf(traces: readonly RunTrace[]): Timeline[] {
  return traces.filter((trace) => trace.timeline !== undefined).map((trace) => new Timeline(trace));
}
