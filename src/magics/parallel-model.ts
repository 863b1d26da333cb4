import { display } from "../display/display";
import { progress } from "../display/plot/progress";
import { currentCell } from "../cell/context";
import { UsageError } from "../errors";
import { predictionStatement, validationStatement } from "../parallel/evidence";
import { predict, type Prediction } from "../parallel/model";
import { calibrateConfiguration, supportedPredictions, type CalibratedConfiguration } from "../parallel/model-calibration";
import { measureConfiguration, type ConfigurationRounds } from "../parallel/model-rounds";
import { withParallelSettings, type ParallelSettings } from "../parallel/settings";
import type { RunTrace } from "../parallel/trace";
import type { CompareSpec } from "./parallel-flags";
import { modelChart, type ModeRow } from "./parallel-report";

/*
 * `%parallel --compare/--sweep ... --model P=N`: the cost model of the statement's
 * configuration, calibrated and validated the way notebook 04 does it
 * (calibrateConfiguration), and what the validation lets it say.
 */

/**
 * `--model P=N`: what the model says, and what its validation supports. The chart of
 * predictions is shown only when the validation confirmed the model; otherwise the
 * prediction is withheld and the lines say why.
 */
export function showModel(calibration: CalibratedConfiguration, cores: number, rows: readonly ModeRow[], predictions: readonly Prediction[] | undefined): void {
  const target = predict(calibration.model, cores, { cores });
  const lines = [`model: ${validationStatement(calibration).text}`, `model: ${predictionStatement(calibration, target, cores).text}`];
  if (predictions) {
    // A prediction above ideal is impossible: say so rather than let the chart stand unflagged.
    const aboveIdeal = predictions.filter((p) => p.speedup > p.workers);
    if (aboveIdeal.length > 0) {
      const last = aboveIdeal[aboveIdeal.length - 1]!;
      lines.push(`model: predicts more than ideal speedup at ${aboveIdeal.length} of ${predictions.length} worker counts (e.g. ${last.speedup.toFixed(1)}× on ${last.workers}): impossible, so the calibration is off — its one-worker run was faster per task than the serial runs`);
    }
  }
  display.mime({ "text/plain": lines.join("\n") });
  if (predictions) {
    const measuredSpeedups = rows.filter((r) => r.mode !== "serial").map((r) => ({ workers: r.workers, speedup: r.speedup }));
    display(modelChart(predictions, measuredSpeedups, `Predicted speedup on up to ${cores} cores`));
  }
}

/**
 * `--model P=N` from its measured rounds: the one calibration notebook 04 uses too, and
 * predictions up to N workers on N cores only when the validation confirmed the model.
 */
export function comparisonModel(rounds: ConfigurationRounds, modelWorkers: number): { calibration: CalibratedConfiguration; predictions?: Prediction[] } {
  const calibration = calibrateConfiguration(rounds);
  return { calibration, predictions: supportedPredictions(calibration, modelWorkers, { cores: modelWorkers }) };
}

/** Serial, 1 worker and 2 workers, interleaved over at least 5 rounds (measureConfiguration). */
const minimumModelRounds = 5;

/** The model's rounds under `template`'s settings (grain, dispatch, transport), the workers set per run. */
export async function measureModelRounds(spec: CompareSpec, template: ParallelSettings, statement: () => unknown): Promise<ConfigurationRounds> {
  const rounds = Math.max(minimumModelRounds, spec.repeat);
  const runOn = async (workers: number): Promise<RunTrace> => {
    const { traces } = await withParallelSettings({ ...template, workers }, statement);
    const longest = [...traces].sort((a, b) => b.wallUs - a.wallUs)[0];
    if (!longest) throw new UsageError("%parallel --model: the statement made no parallel run (parallelMatmul / parallelFor) to calibrate the model on");
    return longest;
  };
  const silent = { show() {}, update() {} };
  const bar = progress(3 * (rounds + 1), { label: "%parallel --model: serial, 1 and 2 workers, interleaved", ...(spec.quiet ? { output: silent } : {}) });
  try {
    return await measureConfiguration(
      { serial: () => withParallelSettings({ inline: true }, statement), parallel: runOn },
      { rounds, onRun: (variant, round) => { currentCell()?.signal.throwIfAborted(); bar.advance(1, `${round === 0 ? "warm-up" : `round ${round}`}: ${variant}`); } },
    );
  } finally {
    bar.finish();
  }
}
