import { display } from "../display/display";
import { jupyterDisplaySymbol, type MimeBundle } from "../cell/mime";
import { mimeBundleOf } from "../display/bundle";
import { currentCell } from "../cell/context";
import { predict, type CostModel, type Prediction } from "../parallel/model";
import type { CalibratedConfiguration } from "../parallel/model-calibration";
import { pool } from "../parallel/pool";
import { withParallelSettings, type ParallelSettings } from "../parallel/settings";
import type { RunTrace } from "../parallel/trace";
import { unequalSpeedNote } from "../parallel/trace-format";
import type { CompareSpec } from "./parallel-flags";
import { measureRounds, type MeasuredMode } from "./parallel-rounds";
import { enableForAWhile } from "./parallel-switch";
import { comparisonChart, comparisonTable, type ModeRow } from "./parallel-report";
import { comparisonModel, measureModelRounds, showModel } from "./parallel-model";
import { median } from "../timing/median";
import { spreadOf } from "../timing/spread";
import { comparisonStatement, traceStatements } from "../parallel/evidence";

/**
 * What `const r = %parallel --compare ...` returns: the rows, each mode's traces, and
 * with `--model` the calibrated configuration (model and validation) and, only when the
 * validation confirmed the model, its predictions.
 */
export class ParallelComparison {
  constructor(
    readonly statement: string,
    readonly rows: readonly ModeRow[],
    readonly traces: Readonly<Record<string, readonly RunTrace[]>>,
    readonly caption: string,
    readonly model?: CostModel,
    readonly predictions?: readonly Prediction[],
    readonly calibration?: CalibratedConfiguration,
  ) {}

  [jupyterDisplaySymbol](): MimeBundle {
    return mimeBundleOf(comparisonTable(this.rows, this.caption));
  }
}

type Measured = MeasuredMode;

/**
 * `%parallel --compare` / `--sweep`: `repeat` rounds, each timing one run of the whole
 * statement in every mode, the modes interleaved and their order rotated per round,
 * after a warm-up (parallel-rounds.ts). One run per measurement: a parallel run lasts far
 * longer than the clock's resolution. Reports the median (robust to a run disturbed by
 * other work on a shared machine) with the range of the rounds, and mean ± std; speedup
 * and efficiency come from medians, relative to the serial mode, and "faster"/"slower"
 * only where the ranges do not overlap (parallel/evidence). GFLOP/s needs the work per
 * run: `flops()` when the magic was given `--flops`, else the traces' `flops` when the
 * runtime records it. The pool's size and the parallel switch are restored afterwards,
 * or at once on interrupt.
 */
export async function runComparison(spec: CompareSpec, statement: () => unknown, flops?: () => number): Promise<ParallelComparison> {
  const previousWorkers = pool.workers;
  const restoreSwitch = enableForAWhile();
  let restored = false;
  const restore = async () => {
    if (restored) return;
    restored = true;
    restoreSwitch();
    // After whatever the pool has queued: a resize the rounds asked for just before an
    // interrupt has not changed pool.workers yet, and would otherwise land after this check.
    await pool.exclusive(async () => {});
    if (pool.workers !== previousWorkers) await pool.resize(previousWorkers);
  };
  // An interrupt ends the cell at once; put things back then, not when the last measurement ends.
  const signal = currentCell()?.signal;
  const onAbort = () => void restore();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const silent = { show() {}, update() {} };
    const measured = await measureRounds(
      { modes: spec.modes, rounds: spec.repeat, label: `%parallel --${spec.kind}`, ...(spec.quiet ? { output: silent } : {}) },
      statement,
    );
    const { calibration, predictions } = spec.modelWorkers === undefined
      ? { calibration: undefined, predictions: undefined }
      : comparisonModel(await measureModelRounds(spec, firstPoolSettings(measured), statement), spec.modelWorkers);
    const workFlops = flops ? flops() : undefined;
    const rows = rowsOf(measured, workFlops, calibration?.model);
    const caption =
      `${spec.statement} — ${spec.repeat} round${spec.repeat === 1 ? "" : "s"} after warm-up, the modes interleaved ` +
      `(each mode once per round, the order rotated each round); median and range of the rounds; ` +
      `speedup and efficiency from medians, relative to ${rows.some((r) => r.mode === "serial") ? "serial" : rows[0]?.mode}` +
      (calibration ? `; model calibrated on the median 1-worker run of ${calibration.rounds} rounds of serial, 1 and ${calibration.validation.workers} workers, interleaved` : "");
    const comparison = new ParallelComparison(
      spec.statement,
      rows,
      Object.fromEntries(measured.map((m) => [m.mode.label, m.traces])),
      caption,
      calibration?.model,
      predictions,
      calibration,
    );
    if (!spec.quiet) {
      display(comparison);
      const warnings = unequalSpeedWarnings(measured);
      if (warnings.length > 0) display.mime({ "text/plain": warnings.join("\n") });
      display.mime({ "text/plain": evidenceLines(measured).join("\n") });
      display(comparisonChart(rows, `%parallel --${spec.kind}: ${spec.statement}`));
      if (calibration && spec.modelWorkers !== undefined) showModel(calibration, spec.modelWorkers, rows, predictions);
    }
    return comparison;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await restore();
  }
}

/**
 * One line per mode whose runs had a worker much slower per unit than another (the
 * trace-format note, from the first such run): its median time then reflects the
 * machine's state at that moment as much as the mode.
 */
function unequalSpeedWarnings(measured: readonly Measured[]): string[] {
  const lines: string[] = [];
  for (const m of measured) {
    const slowed = m.timedTraces.map(unequalSpeedNote).filter((note) => note !== undefined);
    if (slowed.length > 0) lines.push(`${m.mode.label}: in ${slowed.length} of ${m.timedTraces.length} timed parallel runs ${slowed[0]}`);
  }
  return lines;
}

/**
 * What the runs show, from the evidence rules every notebook uses: each mode against the
 * baseline (faster or slower only when the ranges of their runs do not overlap), then
 * what each parallel mode's traces show (a cause only when its share shows it; unequal
 * speed is left to the warning above, which says more).
 */
function evidenceLines(measured: readonly Measured[]): string[] {
  const baseline = measured.find((m) => m.mode.inline) ?? measured[0]!;
  const timed = (m: Measured) => ({ name: m.mode.label, seconds: spreadOf(m.timings) });
  const lines = ["What the runs show:"];
  for (const m of measured) {
    if (m === baseline) continue;
    lines.push(`- ${comparisonStatement(timed(baseline), timed(m)).text}`);
    const statements = traceStatements({ traces: m.timedTraces, serialSeconds: baseline.mode.inline && m.timedTraces.length === m.timings.length ? spreadOf(baseline.timings) : undefined });
    for (const statement of statements) if (statement.kind !== "unequal-speed") lines.push(`  ${m.mode.label}: ${statement.text}`);
  }
  return lines;
}

function workersOf(m: Measured): number {
  if (m.mode.inline) return 1;
  return m.traces[0]?.workers ?? m.mode.settings.workers ?? pool.workers;
}

/** Floating-point operations per run recorded by the runtime's traces, when every run records them. */
function tracedFlops(traces: readonly RunTrace[]): number | undefined {
  const values = traces.map((trace) => (trace as RunTrace & { flops?: number }).flops);
  if (values.length === 0 || values.some((value) => typeof value !== "number")) return undefined;
  return (values as number[]).reduce((sum, value) => sum + value, 0);
}

function rowsOf(measured: readonly Measured[], flops: number | undefined, model: CostModel | undefined): ModeRow[] {
  const baseline = measured.find((m) => m.mode.inline) ?? measured[0];
  const baselineMedian = median(baseline.timings);
  return measured.map((m) => {
    const time = median(m.timings);
    const workers = workersOf(m);
    const speedup = baselineMedian / time;
    const work = flops ?? tracedFlops(m.traces);
    const row: ModeRow = {
      mode: m.mode.label,
      workers,
      median: time,
      mean: mean(m.timings),
      std: standardDeviation(m.timings),
      best: Math.min(...m.timings),
      worst: Math.max(...m.timings),
      timings: [...m.timings],
      speedup,
      efficiency: speedup / workers,
    };
    if (work !== undefined && Number.isFinite(work)) row.gflops = work / time / 1e9;
    if (model && !m.mode.inline) row.model = predict(model, workers).wallUs / 1e6;
    return row;
  });
}

/** The settings of the first mode that runs on the pool: the configuration `--model` calibrates. */
function firstPoolSettings(measured: readonly Measured[]): ParallelSettings {
  return { ...(measured.find((m) => !m.mode.inline)?.mode.settings ?? {}) };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The population standard deviation, as %timeit (and IPython) report it. */
function standardDeviation(values: readonly number[]): number {
  const average = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - average) ** 2, 0) / values.length);
}
