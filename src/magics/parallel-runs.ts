import { jupyterDisplaySymbol, type MimeBundle, type RichDisplayable } from "../cell/mime";
import type { Figure } from "../display/plot/figure";
import type { RunTrace } from "../parallel/trace";
import { chromeTrace, type ChromeTrace } from "../timeline/chrome-trace";
import { timelineFigure } from "../timeline/figure";
import { timelinesOf, type Timeline } from "../timeline/timeline";

/**
 * What `const runs = %parallel -o [--timeline] STATEMENT` returns: the statement's value,
 * the trace of every parallel run it made, and the task timelines of those that
 * recorded one (with --timeline, all of them).
 */
export class ParallelRuns<T> implements RichDisplayable {
  readonly timelines: readonly Timeline[];

  constructor(
    /** The statement's value (its trailing expression's). */
    readonly value: T,
    /** Each run's trace, in order. */
    readonly traces: readonly RunTrace[],
  ) {
    this.timelines = timelinesOf(traces);
  }

  /** Every recorded run in one Chrome Trace Event file (a process per run), for Perfetto or chrome://tracing. */
  chromeTrace(): ChromeTrace {
    if (this.timelines.length === 0) throw new RangeError("no run recorded a timeline: run the statement with %parallel -o --timeline");
    return chromeTrace(this.timelines);
  }

  /** The recorded runs' timelines on one time axis. */
  figure(title?: string): Figure {
    if (this.timelines.length === 0) throw new RangeError("no run recorded a timeline: run the statement with %parallel -o --timeline");
    return timelineFigure(this.timelines, title);
  }

  /** The timelines' chart and their text when recorded; otherwise a line on the runs (the traces would print at length). */
  [jupyterDisplaySymbol](): MimeBundle {
    if (this.timelines.length > 0) return { ...this.figure()[jupyterDisplaySymbol](), "text/plain": this.timelines.map(String).join("\n") };
    const runs = this.traces.length;
    return { "text/plain": `ParallelRuns: ${runs} parallel run${runs === 1 ? "" : "s"} (.traces), none recording a timeline (%parallel -o --timeline records them); the statement's value in .value` };
  }
}
