import { display } from "../display/display";
import { withProgress } from "../display/plot/progress";
import { jupyterDisplaySymbol, type MimeBundle } from "../cell/mime";
import { mimeBundleOf } from "../display/bundle";
import { currentCell } from "../cell/context";
import { UsageError } from "../errors";
import { calibrateModel, predict, type CostModel, type Prediction } from "../parallel/model";
import { pool } from "../parallel/pool";
import { withParallelSettings, type ParallelSettings } from "../parallel/settings";
import type { RunTrace } from "../parallel/trace";
import { unequalSpeedNote } from "../parallel/trace-format";
import { timeit } from "../timing/timeit";
import type { CompareMode, CompareSpec } from "./parallel-flags";
import { enableForAWhile } from "./parallel-switch";
import { comparisonChart, comparisonTable, modelChart, type ModeRow } from "./parallel-report";
import { median } from "../timing/median";
import { spreadOf } from "../timing/spread";
import { comparisonStatement, traceStatements } from "../parallel/evidence";

/** What `const r = %parallel --compare ...` returns: the rows, each mode's traces, and the model. */
export class ParallelComparison {
  constructor(
    readonly statement: string,
    readonly rows: readonly ModeRow[],
    readonly traces: Readonly<Record<string, readonly RunTrace[]>>,
    readonly caption: string,
    readonly model?: CostModel,
    readonly predictions?: readonly Prediction[],
  ) {}

  [jupyterDisplaySymbol](): MimeBundle {
    return mimeBundleOf(comparisonTable(this.rows, this.caption));
  }
}

interface Measured {
  mode: CompareMode;
  timings: number[];
  mean: number;
  std: number;
  /** The last timed run's traces. */
  traces: RunTrace[];
  /** Every timed run's traces, in order. */
  timedTraces: RunTrace[];
}

/**
 * `%parallel --compare` / `--sweep`: for each mode, untimed warm-up runs (thread
 * start-up after a resize, JIT, caches; see measureMode), then `repeat` timed runs of the whole
 * statement, one run per measurement (a parallel run lasts far longer than the
 * clock's resolution). Reports the median (robust to a run disturbed by other work
 * on a shared machine) and mean ± std; speedup and efficiency come from medians,
 * relative to the serial mode. GFLOP/s needs the work per run: `flops()` when the
 * magic was given `--flops`, else the traces' `flops` when the runtime records it.
 * The pool's size and the parallel switch are restored afterwards, or at once on interrupt.
 */
export async function runComparison(spec: CompareSpec, statement: () => unknown, flops?: () => number): Promise<ParallelComparison> {
  const previousWorkers = pool.workers;
  const restoreSwitch = enableForAWhile();
  let restored = false;
  const restore = async () => {
    if (restored) return;
    restored = true;
    restoreSwitch();
    if (pool.workers !== previousWorkers) await pool.resize(previousWorkers);
  };
  // An interrupt ends the cell at once; put things back then, not when the last measurement ends.
  const signal = currentCell()?.signal;
  const onAbort = () => void restore();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const silent = { show() {}, update() {} };
    const measured = await withProgress(spec.modes, (mode) => measureMode(mode, statement, spec.repeat), {
      label: `%parallel --${spec.kind}`,
      describe: (mode) => (mode as CompareMode).label,
      ...(spec.quiet ? { output: silent } : {}),
    });
    const model = spec.modelWorkers === undefined ? undefined : await calibrate(spec, measured, statement);
    const workFlops = flops ? flops() : undefined;
    const rows = rowsOf(measured, workFlops, model?.model);
    const predictions = model && spec.modelWorkers !== undefined
      ? Array.from({ length: spec.modelWorkers }, (_, k) => predict(model.model, k + 1, { cores: spec.modelWorkers }))
      : undefined;
    const caption =
      `${spec.statement} — ${spec.repeat} timed run${spec.repeat === 1 ? "" : "s"} per mode after warm-up; ` +
      `speedup and efficiency from medians, relative to ${rows.some((r) => r.mode === "serial") ? "serial" : rows[0]?.mode}` +
      (model ? `; model calibrated on ${model.from}` : "");
    const comparison = new ParallelComparison(
      spec.statement,
      rows,
      Object.fromEntries(measured.map((m) => [m.mode.label, m.traces])),
      caption,
      model?.model,
      predictions,
    );
    if (!spec.quiet) {
      display(comparison);
      const warnings = unequalSpeedWarnings(measured);
      if (warnings.length > 0) display.mime({ "text/plain": warnings.join("\n") });
      display.mime({ "text/plain": evidenceLines(measured).join("\n") });
      display(comparisonChart(rows, `%parallel --${spec.kind}: ${spec.statement}`));
      if (predictions) {
        const measuredSpeedups = rows.filter((r) => r.mode !== "serial").map((r) => ({ workers: r.workers, speedup: r.speedup }));
        display(modelChart(predictions, measuredSpeedups, `Predicted speedup on up to ${spec.modelWorkers} cores`));
        // A prediction above ideal is impossible: say so rather than let the chart stand unflagged.
        const aboveIdeal = predictions.filter((p) => p.speedup > p.workers);
        if (aboveIdeal.length > 0) {
          display.mime({ "text/plain": `model: predicts more than ideal speedup at ${aboveIdeal.length} of ${predictions.length} worker counts (e.g. ${aboveIdeal[aboveIdeal.length - 1]!.speedup.toFixed(1)}× on ${aboveIdeal[aboveIdeal.length - 1]!.workers}): impossible, so the calibration is off — its one-worker run was faster per task than the serial runs` });
        }
      }
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

function settingsOf(mode: CompareMode): ParallelSettings {
  return mode.inline ? { inline: true } : { ...mode.settings };
}

/**
 * Warm-up: at least one run, more while they are short (up to 10 runs or 50 ms), so a
 * millisecond-long statement is measured with its code compiled by V8's optimising tier.
 */
const warmUpRuns = 10;
const warmUpMs = 50;

async function measureMode(mode: CompareMode, statement: () => unknown, repeat: number): Promise<Measured> {
  const settings = settingsOf(mode);
  let traces: RunTrace[] = [];
  const warmUpStart = performance.now();
  for (let run = 0; run < warmUpRuns && (run === 0 || performance.now() - warmUpStart < warmUpMs); run++) {
    traces = (await withParallelSettings(settings, statement)).traces;
  }
  const timedTraces: RunTrace[] = [];
  const result = await timeit(
    async () => {
      traces = (await withParallelSettings(settings, statement)).traces;
      timedTraces.push(...traces);
    },
    { loops: 1, repeat },
  );
  return { mode, timings: [...result.timings], mean: result.average, std: result.stdev, traces, timedTraces };
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
      mean: m.mean,
      std: m.std,
      best: Math.min(...m.timings),
      worst: Math.max(...m.timings),
      speedup,
      efficiency: speedup / workers,
    };
    if (work !== undefined && Number.isFinite(work)) row.gflops = work / time / 1e9;
    if (model && !m.mode.inline) row.model = predict(model, workers).wallUs / 1e6;
    return row;
  });
}

/** The model from the 1-worker run (measured again if the modes had none), the baseline from serial. */
async function calibrate(spec: CompareSpec, measured: readonly Measured[], statement: () => unknown): Promise<{ model: CostModel; from: string }> {
  const serial = measured.find((m) => m.mode.inline);
  const baselineUs = serial ? median(serial.timings) * 1e6 : undefined;
  let oneWorker = measured.find((m) => !m.mode.inline && workersOf(m) === 1 && m.traces.length > 0)?.traces;
  if (!oneWorker) {
    const template = measured.find((m) => !m.mode.inline)?.mode.settings ?? {};
    const settings: ParallelSettings = { ...template, workers: 1 };
    await withParallelSettings(settings, statement);
    oneWorker = (await withParallelSettings(settings, statement)).traces;
  }
  const longest = [...oneWorker].sort((a, b) => b.wallUs - a.wallUs)[0];
  if (!longest) throw new UsageError("%parallel --model: the statement made no parallel run (parallelMatmul / parallelFor) to calibrate the model on");
  return { model: calibrateModel(longest, baselineUs), from: `a 1-worker run (${longest.grain} grain, ${longest.dispatch} dispatch)` };
}
