import { spreadOf, type Spread } from "./spread";

/** One variant's runs: seconds per run and what each run returned (a trace, say). */
export interface RoundsOf<T> {
  seconds: Spread;
  values: T[];
}

export interface InterleaveOptions {
  /** Timed rounds (at least 5 for the median and its range to mean something). */
  rounds: number;
  /** Called before each run (round 0 is the warm-up), for a progress bar. */
  onRun?: (variant: string, round: number) => void;
  /**
   * Untimed work awaited before each run, e.g. resizing the pool for this variant and
   * warming its new threads; it may throw to stop the rounds (an interrupt).
   */
  prepare?: (variant: string, round: number) => void | Promise<void>;
  /** Run the variants in the order given in every round (default: rotated, see below). */
  fixedOrder?: boolean;
}

/**
 * Runs every variant once per round, one after another, after one untimed warm-up
 * round (V8 compiles a kernel as it first runs it, on the notebook's thread and in each
 * worker). Interleaving puts the compared variants under the same machine conditions:
 * on a shared VM a core's speed drifts by up to 2× over tens of seconds (bench:parallel
 * measured the same single-threaded product at 1.1 and 1.9 GFLOP/s a minute apart), so
 * all of one variant's runs followed by all of another's can compare a slow minute with
 * a fast one. The order rotates by one place each round (round r starts with variant
 * r mod k), so that whatever a position brings (following the garbage another variant
 * left, or a pool resized by the previous run) does not fall on the same variant every round.
 */
export async function interleaveRounds<K extends string, T>(
  variants: Record<K, () => T | Promise<T>>,
  options: InterleaveOptions,
): Promise<Record<K, RoundsOf<T>>> {
  if (!Number.isInteger(options.rounds) || options.rounds < 1) throw new RangeError(`interleaveRounds: rounds must be a positive integer, got ${options.rounds}`);
  const names = Object.keys(variants) as K[];
  const seconds = new Map<K, number[]>(names.map((name) => [name, []]));
  const values = new Map<K, T[]>(names.map((name) => [name, []]));
  for (let round = 0; round <= options.rounds; round++) {
    for (const name of roundOrder(names, options.fixedOrder ? 0 : round)) {
      options.onRun?.(name, round);
      await options.prepare?.(name, round);
      const start = performance.now();
      const value = await variants[name]();
      const elapsed = (performance.now() - start) / 1e3;
      if (round === 0) continue;
      seconds.get(name)!.push(elapsed);
      values.get(name)!.push(value);
    }
  }
  return Object.fromEntries(names.map((name) => [name, { seconds: spreadOf(seconds.get(name)!), values: values.get(name)! }])) as Record<K, RoundsOf<T>>;
}

/** The names rotated left by `shift` places: round r's order. */
export function roundOrder<K>(names: readonly K[], shift: number): K[] {
  if (names.length === 0) return [];
  const start = shift % names.length;
  return [...names.slice(start), ...names.slice(0, start)];
}
