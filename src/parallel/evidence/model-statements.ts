import type { CalibratedConfiguration } from "../model-calibration";
import { roundToError } from "../model-calibration";
import type { Prediction } from "../model";
import { percent, traceShares } from "./shares";
import type { Statement } from "./statement";
import { IMBALANCE_NOTABLE } from "./thresholds";
import { CAUSE_SHARE_TO_NAME } from "../../shared/cause-share";

const three = (x: number) => Number(x.toPrecision(3)).toString();
const us = (value: number) => `${three(value)} µs`;
const ms = (valueUs: number) => `${three(valueUs / 1e3)} ms`;

/**
 * What the validation showed: the model's speedup for the validation count against the
 * speedup measured there round by round, and whether that confirms, contradicts or
 * cannot check the model. A contradiction says, from the two runs' own terms, what
 * differed between one worker and several.
 */
export function validationStatement(calibrated: CalibratedConfiguration): Statement {
  const v = calibrated.validation;
  const s = v.measuredSpeedup;
  const measured = `${three(s.median)}× (${three(s.min)}–${three(s.max)}× over ${calibrated.rounds} rounds)`;
  const aboveIdeal = v.predictedSpeedup > v.workers ? " (above the ideal speedup: the calibration is off)" : "";
  const head = `On ${v.workers} workers the model predicted ${three(v.predictedSpeedup)}×${aboveIdeal}`;
  const error = `${(100 * v.error).toFixed(0)}%`;
  if (v.verdict === "confirmed") {
    return { kind: "model-confirmed", text: `${head} and the runs measured ${measured}: the validation error is ${error}.` };
  }
  if (v.verdict === "inconclusive") {
    return { kind: "model-inconclusive", text: `${head}; the runs measured ${measured}, spread too widely to confirm it (the median is ${error} away).` };
  }
  return { kind: "model-contradicted", text: `${head} but the runs measured ${measured}, which excludes it; ${modelDifference(calibrated)}.` };
}

/**
 * Term by term, what the validation run did differently from the one-worker run the
 * model assumes it repeats: the term whose change moved the wall time furthest in the
 * direction of the miss. Only what the traces measured is named.
 */
export function modelDifference(calibrated: CalibratedConfiguration): string {
  const one = calibrated.model;
  const many = calibrated.validation.model;
  const workers = calibrated.validation.workers;
  const perWorker = Math.ceil(one.chunks / workers);
  const slowerThanPredicted = calibrated.validation.measuredSpeedup.median < calibrated.validation.predictedSpeedup;
  const terms: { deltaUs: number; text: string }[] = [
    {
      deltaUs: perWorker * (many.computePerChunkUs - one.computePerChunkUs),
      text: many.computePerChunkUs >= one.computePerChunkUs
        ? `the workers computed ${ratio(many.computePerChunkUs, one.computePerChunkUs)}× as long per chunk as one worker alone ` +
          `(${us(many.computePerChunkUs)} against ${us(one.computePerChunkUs)}): the model assumes each worker computes as fast as one alone, ` +
          `and here they did not — contention for the cores or for memory, which the model does not include`
        : `the workers computed faster per chunk than the one-worker runs (${us(many.computePerChunkUs)} against ${us(one.computePerChunkUs)}): ` +
          `the calibration ran slow`,
    },
    {
      deltaUs: perWorker * (many.overheadPerChunkUs - one.overheadPerChunkUs),
      text: `the overhead per chunk on a worker (waiting for or claiming it) was ${us(many.overheadPerChunkUs)} against ${us(one.overheadPerChunkUs)} on one worker`,
    },
    {
      deltaUs: one.chunks * (many.dispatcherPerChunkUs - one.dispatcherPerChunkUs),
      text: `the sending thread spent ${us(many.dispatcherPerChunkUs)} per task against ${us(one.dispatcherPerChunkUs)} on one worker`,
    },
    {
      deltaUs: many.serialUs - one.serialUs,
      text: `the serial part before the first task and after the last took ${ms(many.serialUs)} against ${ms(one.serialUs)} on one worker`,
    },
  ];
  // A term explains the miss only if its change is a real share of it: a compute time 1%
  // lower cannot account for a run 14% faster than predicted.
  const missUs = Math.abs(calibrated.validation.predictedSeconds - calibrated.validation.measuredSeconds.median) * 1e6;
  const inDirection = terms.filter((term) => (slowerThanPredicted ? term.deltaUs > 0 : term.deltaUs < 0) && Math.abs(term.deltaUs) >= CAUSE_SHARE_TO_NAME * missUs);
  const largest = inDirection.sort((a, b) => Math.abs(b.deltaUs) - Math.abs(a.deltaUs))[0];
  if (largest) return largest.text;
  const idle = traceShares(calibrated.validation.trace).idle;
  if (slowerThanPredicted && idle >= IMBALANCE_NOTABLE) {
    return `the workers sat idle for ${percent(idle)} of their time at the end, waiting for the last one: an imbalance the model does not include`;
  }
  return `the traces' terms do not show which cost differed (compute per chunk ${us(many.computePerChunkUs)} against ${us(one.computePerChunkUs)} on one worker, ` +
    `overhead ${us(many.overheadPerChunkUs)} against ${us(one.overheadPerChunkUs)})`;
}

function ratio(a: number, b: number): string {
  return b > 0 ? (a / b).toPrecision(2) : "∞";
}

/**
 * The sentence for a prediction beyond the validated worker count: the speedup rounded
 * to what the validation error supports, flagged when above ideal; or, when the
 * validation did not confirm the model, no number and why. `withValidation` appends what
 * the validation showed (and what differed) to a withheld prediction, for a sentence
 * that stands alone, as a verdict does.
 */
export function predictionStatement(
  calibrated: CalibratedConfiguration,
  prediction: Prediction,
  cores: number,
  options: { withValidation?: boolean; at?: string } = {},
): Statement {
  // `at` names what else differs from the measured runs, e.g. "n = 1000" for a scaled model.
  const where = `${prediction.workers} worker${prediction.workers === 1 ? "" : "s"} on ${cores} cores${options.at ? ` at ${options.at}` : ""}`;
  if (!calibrated.extrapolates) {
    const v = calibrated.validation;
    const why = v.verdict === "contradicted"
      ? `its own ${v.workers}-worker runs contradict the model`
      : `its own ${v.workers}-worker runs spread too widely to confirm the model`;
    const validation = options.withValidation ? ` ${validationStatement(calibrated).text}` : "";
    return { kind: "prediction-withheld", text: `No prediction for ${where}: ${why}.${validation}` };
  }
  const error = calibrated.validation.error;
  const figure = prediction.speedup < 1
    ? `slower than serial, about ${roundToError(1 / prediction.speedup, error)}× the serial time`
    : `about ${roundToError(prediction.speedup, error)}× faster than serial`;
  // Above ideal as stated: a figure that rounds to the ideal speedup is within the model's error of it.
  const flag = Number(roundToError(prediction.speedup, error)) > prediction.workers
    ? " — flagged: above the ideal speedup, which no run can reach, so the calibration is off by at least that much"
    : "";
  return { kind: "prediction", text: `Predicted on ${where}: ${figure} (validated on ${calibrated.validation.workers} workers, error ${(100 * error).toFixed(0)}%)${flag}.` };
}
