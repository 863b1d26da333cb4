import { perRoundRatios, spreadOf, type Spread } from "../timing/spread";
import { calibrateModel, predict, type CostModel, type Prediction } from "./model";
import type { ConfigurationRounds } from "./model-rounds";
import type { RunTrace } from "./trace";

/**
 * How far a prediction may miss the measured median and still count as agreeing with it
 * when it lies outside the runs' range: five runs in a quiet minute can span less than
 * the model's own rounding (two significant digits).
 */
export const VALIDATION_AGREES = 0.1;
/**
 * A prediction inside the measured range but further than this from its median is not
 * contradicted, but not confirmed either: the runs spread too widely to check it.
 */
export const VALIDATION_CONFIRMS = 0.25;

/**
 * The model checked against the runs on more workers:
 * - confirmed: the predicted speedup lies within VALIDATION_AGREES of the measured
 *   median, or inside the measured range and within VALIDATION_CONFIRMS of the median;
 * - contradicted: outside the measured range and further than VALIDATION_AGREES;
 * - inconclusive: inside the range, but the range is too wide to confirm it.
 */
export type ValidationVerdict = "confirmed" | "contradicted" | "inconclusive";

export interface ModelValidation {
  workers: number;
  predictedSpeedup: number;
  predictedSeconds: number;
  /** Serial time over the validation run's, round by round. */
  measuredSpeedup: Spread;
  measuredSeconds: Spread;
  /** |predicted − measured median| / measured median, of the speedup: the error the validation supports. */
  error: number;
  verdict: ValidationVerdict;
  /** The validation run whose wall time is the median: compared term by term with the calibration's. */
  trace: RunTrace;
  /** The same model's terms fitted on that run, to say what differed from one worker. */
  model: CostModel;
}

/** One configuration's model, calibrated and validated on the same rounds. */
export interface CalibratedConfiguration {
  /** Fitted on the median one-worker run; speedups relative to the median serial run. */
  model: CostModel;
  rounds: number;
  serialSeconds: Spread;
  oneWorkerSeconds: Spread;
  /** The one-worker run the model was fitted on. */
  trace: RunTrace;
  validation: ModelValidation;
  /** Whether predictions beyond the validated worker count may be shown (only when the validation confirmed the model). */
  extrapolates: boolean;
}

/** The run whose wall time is the median one (the upper of the two middle runs for an even count). */
export function medianTrace(traces: readonly RunTrace[]): RunTrace {
  if (traces.length === 0) throw new RangeError("medianTrace: no runs");
  return [...traces].sort((a, b) => a.wallUs - b.wallUs)[traces.length >> 1]!;
}

/**
 * The one calibration of a configuration, used by notebook 04 and by `%parallel
 * --model` alike, so the same rounds give the same model and the same verdict: the
 * model from the median one-worker run, the baseline from the median serial run, and
 * its prediction for the validation count against the runs measured there.
 */
export function calibrateConfiguration(rounds: ConfigurationRounds, options: { cores?: number } = {}): CalibratedConfiguration {
  const count = rounds.serialSeconds.length;
  const { oneWorker, validation } = rounds;
  if (count === 0) throw new RangeError("calibrateConfiguration: no rounds");
  if (oneWorker.seconds.length !== count || validation.seconds.length !== count || oneWorker.traces.length !== count || validation.traces.length !== count) {
    throw new RangeError("calibrateConfiguration: every round needs a serial run, a one-worker run and a validation run");
  }
  const serialSeconds = spreadOf(rounds.serialSeconds);
  const trace = medianTrace(oneWorker.traces);
  // The machine the rounds ran on (default: this one), for the prediction they are checked against.
  const onMachine = (fitted: CostModel): CostModel => (options.cores === undefined ? fitted : { ...fitted, cores: options.cores });
  const model = onMachine(calibrateModel(trace, serialSeconds.median * 1e6));
  const predicted = predict(model, validation.workers);
  const measuredSpeedup = perRoundRatios(rounds.serialSeconds, validation.seconds);
  const predictedSpeedup = predicted.speedup;
  const error = Math.abs(predictedSpeedup - measuredSpeedup.median) / measuredSpeedup.median;
  const validationTrace = medianTrace(validation.traces);
  const verdict = verdictOf(predictedSpeedup, measuredSpeedup, error);
  return {
    model,
    rounds: count,
    serialSeconds,
    oneWorkerSeconds: spreadOf(oneWorker.seconds),
    trace,
    validation: {
      workers: validation.workers,
      predictedSpeedup,
      predictedSeconds: predicted.wallUs / 1e6,
      measuredSpeedup,
      measuredSeconds: spreadOf(validation.seconds),
      error,
      verdict,
      trace: validationTrace,
      model: onMachine(calibrateModel(validationTrace, serialSeconds.median * 1e6)),
    },
    extrapolates: verdict === "confirmed",
  };
}

function verdictOf(predicted: number, measured: Spread, error: number): ValidationVerdict {
  const inRange = measured.min <= predicted && predicted <= measured.max;
  if (error <= VALIDATION_AGREES || (inRange && error <= VALIDATION_CONFIRMS)) return "confirmed";
  return inRange ? "inconclusive" : "contradicted";
}

/** A figure rounded to what a validation error supports: two significant digits under 10%, one otherwise. */
export function roundToError(value: number, error: number): string {
  return Number(value.toPrecision(error < VALIDATION_AGREES ? 2 : 1)).toString();
}

/**
 * Predictions for 1 to `upTo` workers on `cores` cores from the configuration's model (or
 * that model scaled to another size, `scaleModel`), or undefined when its validation did
 * not confirm it: a prediction the model's own runs contradict is not made at all.
 */
export function supportedPredictions(
  calibrated: CalibratedConfiguration,
  upTo: number,
  options: { cores: number; model?: CostModel },
): Prediction[] | undefined {
  if (!calibrated.extrapolates) return undefined;
  const model = options.model ?? calibrated.model;
  return Array.from({ length: upTo }, (_, k) => predict(model, k + 1, { cores: options.cores }));
}
