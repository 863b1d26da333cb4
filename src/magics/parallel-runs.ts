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
export class ParallelRuns<T> {
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
}
