import { interleaveRounds } from "../timing/interleave";
import { pool } from "./pool";
import type { RunTrace } from "./trace";

/**
 * The runs one configuration's model is calibrated and validated on: serial, one worker
 * and `validation.workers` workers, one of each per round, in the same rounds, so that a
 * slow minute on a shared machine hits all three alike.
 */
export interface ConfigurationRounds {
  /** Seconds per serial run, one per round. */
  serialSeconds: readonly number[];
  /** One-worker runs: the calibration. */
  oneWorker: { seconds: readonly number[]; traces: readonly RunTrace[] };
  /** Runs on more workers: what the calibrated model is checked against. */
  validation: { workers: number; seconds: readonly number[]; traces: readonly RunTrace[] };
}

/** What the model is checked on: two workers, the smallest count that runs anything in parallel. */
export const defaultValidationWorkers = 2;

export interface ConfigurationRuns {
  /** One serial run of the work (the baseline). */
  serial: () => unknown;
  /** One run of the same work on `workers` workers, resolving to its trace. */
  parallel: (workers: number) => Promise<RunTrace>;
}

export interface MeasureConfigurationOptions {
  /** Timed rounds: at least 5 for a median and a range to mean something. */
  rounds: number;
  validationWorkers?: number;
  onRun?: (variant: string, round: number) => void;
}

/**
 * Warm-up after a resize: at least one run, more while they are short (up to 10 runs or
 * 50 ms). A resize starts new threads, whose code runs cold (~10× a warm row in a fresh
 * worker's first blocks), so without it every round's parallel runs would time cold code.
 */
const warmUpRuns = 10;
const warmUpMs = 50;

async function warmUp(run: () => Promise<unknown>): Promise<void> {
  const start = performance.now();
  for (let done = 0; done < warmUpRuns && (done === 0 || performance.now() - start < warmUpMs); done++) await run();
}

/**
 * Serial, one worker and the validation count, interleaved round by round after one
 * untimed round (interleaveRounds). The pool is resized between the two parallel runs
 * of a round, and each resize is followed by untimed warm-up runs, so both worker
 * counts are timed on warm threads.
 */
export async function measureConfiguration(runs: ConfigurationRuns, options: MeasureConfigurationOptions): Promise<ConfigurationRounds> {
  const validationWorkers = options.validationWorkers ?? defaultValidationWorkers;
  if (!Number.isSafeInteger(validationWorkers) || validationWorkers < 2) {
    throw new RangeError(`measureConfiguration: the validation needs at least 2 workers, got ${validationWorkers}`);
  }
  const workersOf: Record<string, number> = { one: 1, validation: validationWorkers };
  const rounds = await interleaveRounds(
    { serial: async () => { await runs.serial(); return undefined; }, one: () => runs.parallel(1), validation: () => runs.parallel(validationWorkers) },
    {
      rounds: options.rounds,
      onRun: options.onRun,
      prepare: async (variant) => {
        const workers = workersOf[variant];
        if (workers === undefined || pool.workers === workers) return;
        await pool.resize(workers);
        await warmUp(() => runs.parallel(workers));
      },
    },
  );
  return {
    serialSeconds: rounds.serial.seconds.runs,
    oneWorker: { seconds: rounds.one.seconds.runs, traces: rounds.one.values as RunTrace[] },
    validation: { workers: validationWorkers, seconds: rounds.validation.seconds.runs, traces: rounds.validation.values as RunTrace[] },
  };
}
