import type { Timeline } from "./timeline";

/**
 * Chrome's Trace Event Format, as Perfetto and chrome://tracing read it
 * (https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU):
 * complete events (`ph: "X"`, `ts` and `dur` in µs) and metadata events (`ph: "M"`)
 * naming processes and threads.
 */
export interface CompleteEvent {
  ph: "X";
  name: string;
  cat: string;
  pid: number;
  tid: number;
  ts: number;
  dur: number;
  args: Record<string, number | string>;
}

export interface MetadataEvent {
  ph: "M";
  name: "process_name" | "thread_name" | "thread_sort_index";
  pid: number;
  tid: number;
  args: { name: string } | { sort_index: number };
}

export type TraceEvent = CompleteEvent | MetadataEvent;

export interface ChromeTrace {
  traceEvents: TraceEvent[];
  displayTimeUnit: "ms" | "ns";
}

/** Times at nanosecond resolution: the shared clock's. */
const ns = (us: number) => Math.round(us * 1000) / 1000;

/**
 * The runs' timelines as one trace: a process per run (named by the run), a thread per
 * lane (named as the notebooks name workers: "worker 0 (thread 5)"), a complete event per
 * chunk and per task sent. Times are µs since the first run started, so runs made one
 * after another keep their order and distance.
 */
export function chromeTrace(timelines: readonly Timeline[]): ChromeTrace {
  const origin = Math.min(...timelines.map((timeline) => timeline.startUs));
  const traceEvents: TraceEvent[] = [];
  timelines.forEach((timeline, run) => {
    const pid = run + 1;
    const shift = timeline.startUs - origin;
    const event = (name: string, cat: string, tid: number, startUs: number, endUs: number, args: CompleteEvent["args"]): CompleteEvent => {
      const ts = ns(shift + startUs);
      return { ph: "X", name, cat, pid, tid, ts, dur: Math.max(0, ns(shift + endUs) - ts), args };
    };
    traceEvents.push({ ph: "M", name: "process_name", pid, tid: 0, args: { name: timeline.label } });
    timeline.lanes.forEach((lane, index) => {
      traceEvents.push({ ph: "M", name: "thread_name", pid, tid: lane.threadId, args: { name: lane.name } });
      traceEvents.push({ ph: "M", name: "thread_sort_index", pid, tid: lane.threadId, args: { sort_index: index } });
    });
    for (const send of timeline.sends) traceEvents.push(event(send.label, "send", 0, send.startUs, send.endUs, {}));
    if (timeline.probe) {
      const probe = timeline.probe;
      traceEvents.push(event("probe", "probe", probe.threadId, probe.startUs, probe.endUs, { units: probe.units, dispatched_us: ns(shift + probe.dispatchedUs) }));
    }
    for (const chunk of timeline.chunks) {
      traceEvents.push(
        event(`chunk ${chunk.chunk}`, "chunk", chunk.threadId, chunk.startUs, chunk.endUs, {
          chunk: chunk.chunk,
          dispatched_us: ns(shift + chunk.dispatchedUs),
          clock: timeline.clock,
        }),
      );
    }
  });
  return { traceEvents, displayTimeUnit: "ms" };
}
