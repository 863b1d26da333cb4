import { display } from "../display/display";
import { breakdown } from "../display/plot/breakdown";
import { Figure } from "../display/plot/figure";
import { Table, formats, table } from "../display/table";
import type { PoolStats } from "../parallel/pool";
import { formatPerUnit, traceHeadline, traceTableRows, unequalSpeedNote } from "../parallel/trace-format";
import type { RunTrace } from "../parallel/trace";
import { traceStatements } from "../parallel/evidence";
import { jupyterDisplaySymbol } from "../cell/mime";
import { timelineFigure } from "../timeline/figure";
import { timelinesOf } from "../timeline/timeline";

const milliseconds = (value: unknown): string => (typeof value === "number" ? value.toFixed(3) : String(value ?? ""));

/** One run's trace as a table: a row per worker, its four phases in ms (they sum to the wall time). */
export function traceTable(trace: RunTrace): Table {
  const parts = [traceHeadline(trace)];
  if (trace.grainReason) parts.push(`auto grain: ${trace.grainReason}`);
  // What the trace's shares support (a cause only when its share shows it); unequal speed in the note's longer words.
  parts.push(...traceStatements(trace).filter((statement) => statement.kind !== "unequal-speed").map((statement) => statement.text.replace(/\.$/, "")));
  const note = unequalSpeedNote(trace);
  if (note) parts.push(note);
  const caption = parts.join("; ");
  const rows = traceTableRows(trace);
  return table(
    rows as unknown as readonly Record<string, unknown>[],
    [
      { key: "worker" },
      { key: "tasks" },
      { key: "chunks" },
      { key: "queuedMs", label: "queued ms", format: milliseconds, align: "right" },
      { key: "transferMs", label: "transfer ms", format: milliseconds, align: "right" },
      { key: "computeMs", label: "compute ms", format: milliseconds, align: "right" },
      { key: "idleMs", label: "idle ms", format: milliseconds, align: "right" },
      { key: "perUnitUs", label: "µs per unit", format: (value) => formatPerUnit(value as number | undefined), align: "right" },
    ],
    { caption },
  );
}

/** `%parallel STATEMENT`'s output: each run's table, then one stacked bar of every run's workers. */
export function showTraces(traces: readonly RunTrace[]): void {
  if (traces.length === 0) {
    display.mime({ "text/plain": "%parallel: the statement made no parallel run (parallelMatmul / parallelFor), so there is no trace" });
    return;
  }
  for (const trace of traces) display(traceTable(trace));
  const labelled = traces.map((trace, index) => ({ label: traces.length > 1 ? `run ${index + 1}` : trace.label, perWorker: trace.perWorker }));
  display(breakdown(labelled.length === 1 ? labelled[0] : labelled, { title: "Where the time went (ms per worker)" }));
  showTimelines(traces);
}

/** The task timelines of the runs that recorded one, on one time axis; their text form says what each shows. */
function showTimelines(traces: readonly RunTrace[]): void {
  const timelines = timelinesOf(traces);
  if (timelines.length === 0) return;
  const bundle = timelineFigure(timelines)[jupyterDisplaySymbol]();
  display.mime({ ...bundle, "text/plain": timelines.map(String).join("\n") });
}

/** `%parallel`: the pool as a two-column table. */
export function poolTable(stats: PoolStats, enabled: boolean): Table {
  const us = (value: number | undefined) => (value === undefined ? "not measured" : `${value.toFixed(2)} µs`);
  const rows = [
    { property: "parallel mode", value: enabled ? "on (library calls use the pool)" : "off (every library call runs inline, serially)" },
    { property: "workers", value: String(stats.workers) },
    { property: "threads alive", value: String(stats.alive) },
    { property: "busy", value: String(stats.busy) },
    { property: "pending tasks", value: String(stats.pendingTasks) },
    { property: "tasks run", value: String(stats.tasksRun) },
    { property: "workers replaced", value: String(stats.replacements) },
    { property: "per-task cost (message round trip)", value: us(stats.perTaskCostUs) },
    { property: "per-chunk claim cost (shared dispatch)", value: us(stats.claimCostUs) },
    { property: "memory limit per worker", value: stats.memoryLimitMb === undefined ? "none" : `${stats.memoryLimitMb} MB` },
  ];
  return table(rows, [{ key: "property" }, { key: "value", align: "right" }], { caption: "The worker pool" });
}

/** One measured mode of a comparison, in seconds per run of the statement. */
export interface ModeRow {
  mode: string;
  workers: number;
  median: number;
  mean: number;
  std: number;
  best: number;
  worst: number;
  /** Seconds per timed run, in round order: one run per round. */
  timings: number[];
  speedup: number;
  efficiency: number;
  gflops?: number;
  /** The cost model's prediction for this mode on this machine, seconds. */
  model?: number;
}

export function comparisonTable(rows: readonly ModeRow[], caption: string): Table {
  const spread = (_: unknown, row: Readonly<Record<string, unknown>>) => `${formats.seconds(row.mean)} ± ${formats.seconds(row.std)}`;
  const range = (_: unknown, row: Readonly<Record<string, unknown>>) => {
    const runs = (row.timings as readonly number[]).length;
    return `${formats.seconds(row.best)} – ${formats.seconds(row.worst)}, ${runs} run${runs === 1 ? "" : "s"}`;
  };
  const columns = [
    { key: "mode" },
    { key: "workers" },
    { key: "median", label: "time (median)", format: formats.seconds, align: "right" as const },
    { key: "best", label: "range (min–max)", format: range, align: "right" as const },
    { key: "mean", label: "mean ± std", format: spread, align: "right" as const },
    { key: "speedup", format: formats.times, align: "right" as const },
    { key: "efficiency", format: formats.percent, align: "right" as const },
  ];
  if (rows.some((row) => row.gflops !== undefined)) columns.push({ key: "gflops", label: "GFLOP/s", format: formats.gflops, align: "right" });
  if (rows.some((row) => row.model !== undefined)) columns.push({ key: "model", label: "model", format: formats.seconds, align: "right" });
  return table(rows as unknown as readonly Record<string, unknown>[], columns, { caption });
}

/**
 * Median time per mode, whiskers from the fastest to the slowest run: asymmetric, since a
 * run disturbed by another tenant lies far above the median and none lies below zero
 * (a ±1 std bar drew below zero for a mode with one slow run). Each bar's speedup is
 * written inside it, where the whisker cannot cross it.
 */
export function comparisonChart(rows: readonly ModeRow[], title: string): Figure {
  const ms = (seconds: number) => seconds * 1e3;
  return new Figure(
    [
      {
        type: "bar",
        name: "median time",
        x: rows.map((row) => row.mode),
        y: rows.map((row) => ms(row.median)),
        error_y: {
          type: "data",
          symmetric: false,
          array: rows.map((row) => ms(Math.max(0, row.worst - row.median))),
          arrayminus: rows.map((row) => ms(Math.max(0, row.median - row.best))),
          visible: true,
        },
        text: rows.map((row) => formats.times(row.speedup)),
        textposition: "inside",
      },
    ],
    { title: { text: title }, yaxis: { title: { text: "ms per run (median; whiskers: fastest to slowest run)" } }, xaxis: { type: "category" } },
  );
}

/** Speedup against workers: measured points, the model's curve, Amdahl's bound and the ideal line. */
export function modelChart(
  predicted: ReadonlyArray<{ workers: number; speedup: number; amdahlSpeedup: number }>,
  measured: ReadonlyArray<{ workers: number; speedup: number }>,
  title: string,
): Figure {
  const x = predicted.map((p) => p.workers);
  const measuredAt = (workers: number) => measured.find((m) => m.workers === workers)?.speedup ?? null;
  return new Figure(
    [
      { type: "scatter", mode: "lines", name: "model", x, y: predicted.map((p) => p.speedup) },
      { type: "scatter", mode: "lines", name: "Amdahl bound", x, y: predicted.map((p) => p.amdahlSpeedup), line: { dash: "dot" } },
      { type: "scatter", mode: "lines", name: "ideal", x, y: x, line: { dash: "dash" } },
      { type: "scatter", mode: "markers", name: "measured", x, y: x.map(measuredAt), marker: { size: 10 } },
    ],
    { title: { text: title }, xaxis: { title: { text: "workers" } }, yaxis: { title: { text: "speedup over serial" } } },
  );
}
