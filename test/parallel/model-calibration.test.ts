import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { comparisonModel } from "../../src/magics/parallel-model";
import { Matrix, matmul } from "../../src/matmul";
import { closePool, parallelMatmul, pool } from "../../src/parallel";
import { measureConfiguration } from "../../src/parallel/model-rounds";
import { predict } from "../../src/parallel/model";
import { calibrateConfiguration, roundToError, supportedPredictions } from "../../src/parallel/model-calibration";
import type { ConfigurationRounds } from "../../src/parallel/model-rounds";
import { predictionStatement, validationStatement } from "../../src/parallel/evidence";
import type { RunTrace } from "../../src/parallel/trace";

/**
 * The one calibration of a configuration, on constructed rounds: its prediction for 20
 * cores is stated only when its own 2-worker runs confirm the model, and withheld, with
 * what differed, when they contradict it.
 */

/**
 * A shared-dispatch run of 100 chunks on `workers` workers: each worker computes its
 * share at `computeUs` per chunk with 10 µs overhead per chunk, after a 150 µs head and
 * before a 50 µs tail.
 */
function runOf(workers: number, computeUs: number): RunTrace {
  const chunks = 100;
  const each = chunks / workers;
  const busyUs = each * (computeUs + 10);
  const wallUs = 200 + busyUs;
  return {
    label: "matmul:naive", mode: "pool", workers, grain: "row", dispatch: "shared", transport: "shared",
    units: chunks, unitsPerChunk: 1, chunks, startUs: 0, wallUs, serialUs: 200, headUs: 150, tailUs: 50,
    dispatcher: { busyUs: 0, copyUs: 0 },
    perWorker: Array.from({ length: workers }, (_, index) => ({
      threadId: index + 1, tasks: 1, chunks: each, units: each,
      queuedUs: 150 + each * 10, transferUs: 0, computeUs: each * computeUs, idleUs: 50,
    })),
  };
}

/** Five rounds: serial 5.2 ms (5.1–5.3), 1 worker at 50 µs per chunk, 2 workers at `twoComputeUs` per chunk taking `twoSeconds`. */
function roundsOf(twoComputeUs: number, twoSeconds: number[]): ConfigurationRounds {
  const one = runOf(1, 50);
  return {
    serialSeconds: [0.0052, 0.0051, 0.0053, 0.0052, 0.0052],
    oneWorker: { seconds: [0.0062, 0.0062, 0.0063, 0.0061, 0.0062], traces: [one, one, one, one, one] },
    validation: { workers: 2, seconds: twoSeconds, traces: twoSeconds.map(() => runOf(2, twoComputeUs)) },
  };
}

// On 2 cores the model predicts 200 + 50 × 60 = 3,200 µs on 2 workers: 5,200 / 3,200 = 1.625×.
const agreeing = () => roundsOf(50, [0.0032, 0.0031, 0.0033, 0.0032, 0.0032]);
// The 2-worker runs took as long as serial: the workers computed 95 µs per chunk, 1.9× the one worker's 50.
const contradicting = () => roundsOf(95, [0.0052, 0.0050, 0.0055, 0.0052, 0.0053]);

describe("calibrateConfiguration", () => {
  test("fits the model to the median one-worker run and checks its 2-worker speedup against the runs", () => {
    const calibrated = calibrateConfiguration(agreeing(), { cores: 2 });
    assert.equal(calibrated.model.computePerChunkUs, 50);
    assert.equal(calibrated.model.overheadPerChunkUs, 10);
    assert.equal(calibrated.model.baselineUs, 5200);
    assert.equal(calibrated.rounds, 5);
    assert.equal(calibrated.validation.predictedSpeedup, 5200 / 3200);
    assert.equal(calibrated.validation.measuredSpeedup.median, 0.0052 / 0.0032);
    assert.equal(calibrated.validation.verdict, "confirmed");
    assert.ok(calibrated.extrapolates);
    assert.ok(calibrated.validation.error < 0.01, `error ${calibrated.validation.error}`);
  });

  test("validation agrees: the prediction for 20 cores is shown, rounded to the validation error", () => {
    const calibrated = calibrateConfiguration(agreeing(), { cores: 2 });
    assert.match(validationStatement(calibrated).text, /^On 2 workers the model predicted 1\.63× and the runs measured 1\.62× \(1\.61–1\.65× over 5 rounds\): the validation error is 0%\.$/);
    // 200 + 5 × 60 = 500 µs on 20 workers: 10.4×, two digits under a 10% error.
    const statement = predictionStatement(calibrated, predict(calibrated.model, 20, { cores: 20 }), 20);
    assert.equal(statement.kind, "prediction");
    assert.equal(statement.text, "Predicted on 20 workers on 20 cores: about 10× faster than serial (validated on 2 workers, error 0%).");
    assert.equal(supportedPredictions(calibrated, 20, { cores: 20 })!.length, 20);
  });

  test("validation contradicts: no number for 20 cores, and the reason from the traces' own terms", () => {
    const calibrated = calibrateConfiguration(contradicting(), { cores: 2 });
    assert.equal(calibrated.validation.verdict, "contradicted");
    assert.equal(calibrated.extrapolates, false);
    assert.equal(supportedPredictions(calibrated, 20, { cores: 20 }), undefined);
    const statement = predictionStatement(calibrated, predict(calibrated.model, 20, { cores: 20 }), 20, { withValidation: true });
    assert.equal(statement.kind, "prediction-withheld");
    assert.match(statement.text, /^No prediction for 20 workers on 20 cores: its own 2-worker runs contradict the model\. On 2 workers the model predicted 1\.63× but the runs measured 1× \(0\.964–1\.02× over 5 rounds\), which excludes it;/);
    assert.match(statement.text, /the workers computed 1\.9× as long per chunk as one worker alone \(95 µs against 50 µs\)/);
    assert.doesNotMatch(statement.text, /about \d/, "no predicted figure for 20 cores");
  });

  test("a slower serial part, not compute, is named when that is what changed", () => {
    const rounds = contradicting();
    // Compute as on one worker, but 1.8 ms more after the last task (results copied back, say).
    const slowTail = (): RunTrace => {
      const trace = runOf(2, 50);
      return { ...trace, wallUs: trace.wallUs + 1800, serialUs: 2000, tailUs: 1850, perWorker: trace.perWorker.map((w) => ({ ...w, idleUs: w.idleUs + 1800 })) };
    };
    const traces = rounds.validation.traces.map(slowTail);
    const calibrated = calibrateConfiguration({ ...rounds, validation: { ...rounds.validation, traces } }, { cores: 2 });
    assert.match(validationStatement(calibrated).text, /the serial part before the first task and after the last took 2 ms against 0\.2 ms on one worker\.$/);
  });

  test("a prediction above ideal on 2 workers is flagged; with no term to blame, the sentence says so", () => {
    // Serial runs three times as long as the one-worker run: the model predicts 18.6 / 3.2 = 5.8× on 2 workers.
    const rounds = { ...roundsOf(50, [0.0097, 0.0096, 0.0099, 0.0098, 0.0098]), serialSeconds: [0.0186, 0.0185, 0.0187, 0.0186, 0.0186] };
    assert.match(validationStatement(calibrateConfiguration(rounds, { cores: 2 })).text,
      /^On 2 workers the model predicted 5\.81× \(above the ideal speedup: the calibration is off\) but the runs measured 1\.9\d?× .*; the traces' terms do not show which cost differed/);
  });

  test("runs faster than predicted name the term that was smaller than on one worker", () => {
    // The 2-worker runs computed 30 µs per chunk against the one worker's 50: 1.9× measured against 1.63× predicted.
    const calibrated = calibrateConfiguration(roundsOf(30, [0.0027, 0.0027, 0.0028, 0.0026, 0.0027]), { cores: 2 });
    assert.equal(calibrated.validation.verdict, "contradicted");
    assert.match(validationStatement(calibrated).text, /the workers computed faster per chunk than the one-worker runs \(30 µs against 50 µs\): the calibration ran slow\.$/);
  });

  test("a term whose change is a small part of the miss is not named as its cause", () => {
    // The 2-worker runs computed 49 µs per chunk against 50 (1% less), yet took 2.7 ms against the 3.2 ms predicted.
    const calibrated = calibrateConfiguration(roundsOf(49, [0.0027, 0.0027, 0.0028, 0.0026, 0.0027]), { cores: 2 });
    assert.equal(calibrated.validation.verdict, "contradicted");
    const text = validationStatement(calibrated).text;
    assert.doesNotMatch(text, /the calibration ran slow/);
    assert.match(text, /the traces' terms do not show which cost differed \(compute per chunk 49 µs against 50 µs on one worker/);
  });

  test("runs spread too widely to check the model: inconclusive, and no prediction", () => {
    const calibrated = calibrateConfiguration(roundsOf(50, [0.0025, 0.0040, 0.0045, 0.0050, 0.0030]), { cores: 2 });
    assert.equal(calibrated.validation.verdict, "inconclusive");
    assert.equal(validationStatement(calibrated).kind, "model-inconclusive");
    const statement = predictionStatement(calibrated, predict(calibrated.model, 20, { cores: 20 }), 20);
    assert.equal(statement.kind, "prediction-withheld");
    assert.equal(statement.text, "No prediction for 20 workers on 20 cores: its own 2-worker runs spread too widely to confirm the model.");
  });

  test("rounds of unequal length are refused", () => {
    const rounds = agreeing();
    assert.throws(() => calibrateConfiguration({ ...rounds, serialSeconds: rounds.serialSeconds.slice(1) }), RangeError);
  });
});

describe("one calibration for notebook 04 and %parallel --model", () => {
  test("the same rounds give the magic and the notebook identical predictions", () => {
    for (const rounds of [agreeing(), contradicting()]) {
      // The notebook's path: calibrateConfiguration, then the predictions its validation supports.
      const notebook = calibrateConfiguration(rounds);
      const notebookPredictions = supportedPredictions(notebook, 20, { cores: 20 });
      // The magic's path: what `%parallel --model P=20` makes of its measured rounds.
      const magic = comparisonModel(rounds, 20);
      assert.deepEqual(magic.calibration, notebook);
      assert.deepEqual(magic.predictions, notebookPredictions);
    }
  });
});

describe("measureConfiguration", () => {
  after(() => closePool());

  test("times serial, 1 and 2 workers in every round, each parallel run on a pool of its own size", async () => {
    const a = Matrix.rand(40, 30, { seed: 1 });
    const b = Matrix.rand(30, 20, { seed: 2 });
    const sizes: { asked: number; pool: number }[] = [];
    const rounds = await measureConfiguration({
      serial: () => matmul(a, b, { kernel: "naive" }),
      parallel: async (workers) => {
        sizes.push({ asked: workers, pool: pool.workers });
        return (await parallelMatmul(a, b, { kernel: "naive", grain: "row", workers, trace: true })).trace;
      },
    }, { rounds: 5 });
    assert.equal(rounds.serialSeconds.length, 5);
    assert.deepEqual(rounds.oneWorker.traces.map((trace) => trace.workers), [1, 1, 1, 1, 1]);
    assert.equal(rounds.validation.workers, 2);
    assert.deepEqual(rounds.validation.traces.map((trace) => trace.workers), [2, 2, 2, 2, 2]);
    // Resized before the run (and its warm-ups), not by it: the run's own resize would start cold threads.
    assert.deepEqual(sizes.filter((size) => size.asked !== size.pool), []);
    // Every round resizes twice, each time followed by untimed warm-up runs that are not returned.
    assert.ok(sizes.length > 2 * 6, `${sizes.length} parallel runs, warm-ups included`);
    const calibrated = calibrateConfiguration(rounds);
    assert.equal(calibrated.model.chunks, 40);
    assert.ok(["confirmed", "contradicted", "inconclusive"].includes(calibrated.validation.verdict));
  });
});

describe("roundToError", () => {
  test("two significant digits under a 10% error, one otherwise", () => {
    assert.equal(roundToError(14.37, 0.05), "14");
    assert.equal(roundToError(14.37, 0.2), "10");
    assert.equal(roundToError(1.87, 0.05), "1.9");
  });
});
