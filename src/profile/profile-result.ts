import { jupyterDisplaySymbol, type MimeBundle, type RichDisplayable } from "../cell/mime";
import type { Figure } from "../display/plot/figure";
import { Table } from "../display/table";
import { sortRows, type FunctionRow, type SortKey } from "./function-table";
import type { CpuProfile } from "./sampling";

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
    /** Every sampled function, heaviest self time first. */
    readonly rows: readonly FunctionRow[],
    /** The sampling interval asked of V8, µs. */
    readonly intervalUs: number,
    /** The thread the samples are of: the kernel's main thread (pool workers are not profiled). */
    readonly thread: string,
    /** The call tree as a plotly icicle chart. */
    readonly icicle: Figure,
  ) {}

  /** Samples V8 took. */
  get samples(): number {
    return this.profile.samples?.length ?? 0;
  }

  /** From the profiler's start to its stop, ms. */
  get durationMs(): number {
    return (this.profile.endTime - this.profile.startTime) / 1000;
  }

  /** The `.cpuprofile` file's text: write it to disk and open it in DevTools (Performance) or speedscope. */
  cpuprofile(): string {
    return JSON.stringify(this.profile);
  }

  /** The top functions as a table (text and HTML). */
  table({ sort = "self", limit }: TableChoice = {}): Table {
    const rows = sortRows(this.rows, sort).slice(0, limit ?? this.rows.length);
    const ms = (value: unknown) => (typeof value === "number" ? value.toFixed(1) : "");
    const percent = (value: unknown) => (typeof value === "number" ? `${value.toFixed(1)}%` : "");
    const shown = limit !== undefined && limit < this.rows.length ? `top ${rows.length} of ${this.rows.length} functions` : `${rows.length} functions`;
    return new Table(
      rows.map((row) => ({ ...row })),
      [
        { key: "selfMs", label: "self ms", format: ms, align: "right" },
        { key: "selfPercent", label: "self", format: percent, align: "right" },
        { key: "totalMs", label: "total ms", format: ms, align: "right" },
        { key: "totalPercent", label: "total", format: percent, align: "right" },
        { key: "name", label: "function", align: "left" },
        { key: "location", label: "where", align: "left" },
      ],
      {
        caption:
          `${this.samples} samples every ${this.intervalUs} µs over ${this.durationMs.toFixed(1)} ms on the ${this.thread}; ` +
          `${shown}, by ${sort} time`,
      },
    );
  }

  [jupyterDisplaySymbol](): MimeBundle {
    return this.table({ limit: 20 })[jupyterDisplaySymbol]();
  }
}
