import { jupyterDisplaySymbol, type MimeBundle, type RichDisplayable } from "../cell/mime";
import type { Figure } from "../display/plot/figure";
import { Table } from "../display/table";
import { sortRows, type FunctionRow, type SortKey } from "./function-table";
import type { CpuProfile } from "./sampling";

/** How the kernel's own thread is named beside the workers (`worker 2`). */
export const mainThread = "main thread";

/** One pool worker's profile and its functions. */
export interface WorkerProfile {
  thread: string;
  profile: CpuProfile;
  rows: readonly FunctionRow[];
}

export interface TableChoice {
  sort?: SortKey;
  /** How many rows; all when absent. */
  limit?: number;
}

/**
 * What one profiled run gave: V8's profile as it is (`cpuprofile()` is the file Chrome
 * DevTools and speedscope open), the functions it sampled, and the call tree as a chart.
 * Formatting is kept in `table` and `icicle`; the data is plain fields.
 */
export class ProfileResult implements RichDisplayable {
  constructor(
    /** V8's Profiler.Profile: nodes, samples, timeDeltas, startTime and endTime (µs). */
    readonly profile: CpuProfile,
    /** Every function sampled on the main thread, heaviest self time first. */
    readonly rows: readonly FunctionRow[],
    /** The pool workers' profiles, one per worker thread that lived through the statement. */
    readonly workers: readonly WorkerProfile[],
    /** The sampling interval asked of V8, µs. */
    readonly intervalUs: number,
    /** The call tree as a plotly icicle chart. */
    readonly icicle: Figure,
  ) {}

  /** Samples V8 took on the main thread. */
  get samples(): number {
    return this.profile.samples?.length ?? 0;
  }

  /** From the profiler's start to its stop, ms. */
  get durationMs(): number {
    return (this.profile.endTime - this.profile.startTime) / 1000;
  }

  /**
   * A thread's `.cpuprofile` file text (the main thread's unless a worker is named, e.g.
   * "worker 2"): write it to disk and open it in DevTools (Performance) or speedscope.
   */
  cpuprofile(thread: string = mainThread): string {
    if (thread === mainThread) return JSON.stringify(this.profile);
    const worker = this.workers.find((candidate) => candidate.thread === thread);
    if (!worker) throw new RangeError(`no profile of ${JSON.stringify(thread)}: the threads are ${[mainThread, ...this.workers.map((w) => w.thread)].join(", ")}`);
    return JSON.stringify(worker.profile);
  }

  /** The top functions as a table (text and HTML). */
  table({ sort = "self", limit }: TableChoice = {}): Table {
    const all = [...this.rows, ...this.workers.flatMap((worker) => worker.rows)];
    const rows = sortRows(all, sort).slice(0, limit ?? all.length);
    const ms = (value: unknown) => (typeof value === "number" ? value.toFixed(1) : "");
    const percent = (value: unknown) => (typeof value === "number" ? `${value.toFixed(1)}%` : "");
    const shown = limit !== undefined && limit < all.length ? `top ${rows.length} of ${all.length} rows` : `${rows.length} rows`;
    const threads = this.workers.length === 0 ? "the main thread (no pool worker ran)" : `the main thread and ${this.workers.length} pool workers`;
    return new Table(
      rows.map((row) => ({ ...row })),
      [
        { key: "selfMs", label: "self ms", format: ms, align: "right" },
        { key: "selfPercent", label: "self", format: percent, align: "right" },
        { key: "totalMs", label: "total ms", format: ms, align: "right" },
        { key: "totalPercent", label: "total", format: percent, align: "right" },
        { key: "name", label: "function", align: "left" },
        { key: "thread", label: "thread", align: "left" },
        { key: "location", label: "where", align: "left" },
      ],
      {
        caption:
          `Samples every ${this.intervalUs} µs over ${this.durationMs.toFixed(1)} ms on ${threads} (${this.samples} on the main thread); ` +
          `${shown}, by ${sort === "name" ? "name" : `${sort} time`}; percentages are of each thread's sampled time`,
      },
    );
  }

  [jupyterDisplaySymbol](): MimeBundle {
    return this.table({ limit: 20 })[jupyterDisplaySymbol]();
  }
}
