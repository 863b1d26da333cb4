import { Progress, type ProgressOutput } from "../display/plot/progress";
import { currentCell } from "../cell/context";
import { pool } from "../parallel/pool";
import { withParallelSettings, type ParallelSettings } from "../parallel/settings";
import type { RunTrace } from "../parallel/trace";
import { garbageCollector } from "../timing/gc";
import { interleaveRounds } from "../timing/interleave";
import { interruptibly } from "../timing/interruptible";
import type { CompareMode } from "./parallel-flags";

/** One mode's timed rounds. */
export interface MeasuredMode {
  mode: CompareMode;
  /** Seconds per timed run, in round order (one run per round). */
  timings: number[];
  /** The last timed run's traces. */
  traces: RunTrace[];
  /** Every timed run's traces, in order. */
  timedTraces: RunTrace[];
}

export interface RoundsSpec {
  modes: readonly CompareMode[];
  rounds: number;
  label: string;
  /** Where progress goes; defaults to the running cell. */
  output?: ProgressOutput;
}

/**
 * Warm-up: at least one run, more while they are short (up to 10 runs or 50 ms), so a
 * millisecond-long statement is measured with its code compiled by V8's optimising tier.
 */
const warmUpRuns = 10;
const warmUpMs = 50;

/**
 * Times the statement in every mode, round by round: each round runs every mode once,
 * in an order rotated each round (timing/interleave.ts), so drift on a shared machine
 * falls on all modes alike instead of on whichever mode ran during a slow minute. Before
 * round 1 each mode is warmed up. A mode whose worker count differs from the pool's
 * resizes it, which starts new threads whose code is cold (a cold worker ran 5× slower
 * per unit): such a mode is warmed up again, untimed, after every resize, so each timed
 * run meets warm threads. Garbage is collected before each timed run, as %timeit does.
 * An interrupt stops the rounds before the next run.
 */
export async function measureRounds(spec: RoundsSpec, statement: () => unknown): Promise<MeasuredMode[]> {
  const byLabel = new Map(spec.modes.map((mode) => [mode.label, mode]));
  const runOf = (mode: CompareMode) => async () => (await interruptibly(() => withParallelSettings(settingsOf(mode), statement))).traces;
  const variants = Object.fromEntries(spec.modes.map((mode) => [mode.label, runOf(mode)]));
  const signal = currentCell()?.signal;
  const collect = garbageCollector();
  const bar = new Progress((spec.rounds + 1) * spec.modes.length, { label: spec.label, ...(spec.output ? { output: spec.output } : {}) });
  let started = 0;
  try {
    const rounds = await interleaveRounds(variants, {
      rounds: spec.rounds,
      prepare: async (label, round) => {
        signal?.throwIfAborted();
        const mode = byLabel.get(label)!;
        if (round === 0 || resizesPool(mode)) await warmUp(mode, statement, signal);
        if (round > 0) collect?.();
      },
      onRun: (label, round) => bar.set(started++, `${round === 0 ? "warm-up" : `round ${round} of ${spec.rounds}`}: ${label}`),
    });
    signal?.throwIfAborted();
    bar.finish();
    return spec.modes.map((mode) => {
      const { seconds, values } = rounds[mode.label]!;
      return { mode, timings: [...seconds.runs], traces: values[values.length - 1] ?? [], timedTraces: values.flat() };
    });
  } catch (error) {
    bar.finish();
    throw error;
  }
}

export function settingsOf(mode: CompareMode): ParallelSettings {
  return mode.inline ? { inline: true } : { ...mode.settings };
}

/** Whether running `mode` now would resize the pool (and so start cold threads). */
function resizesPool(mode: CompareMode): boolean {
  return !mode.inline && mode.settings.workers !== undefined && mode.settings.workers !== pool.workers;
}

async function warmUp(mode: CompareMode, statement: () => unknown, signal: AbortSignal | undefined): Promise<void> {
  const settings = settingsOf(mode);
  const start = performance.now();
  for (let run = 0; run < warmUpRuns && (run === 0 || performance.now() - start < warmUpMs); run++) {
    signal?.throwIfAborted();
    await interruptibly(() => withParallelSettings(settings, statement));
  }
}
