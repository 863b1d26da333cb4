import { median } from "./median";

/**
 * The one statistic the notebooks and magics report: the median of the runs, with the
 * range they spanned. The median because one run slowed by another tenant of a shared
 * machine moves it little; the full range (not ± a standard deviation) because a few
 * runs are not normally distributed and a reader should see the worst as well as the best.
 */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** The runs, in the order they were measured. */
  runs: readonly number[];
}

export function spreadOf(runs: readonly number[]): Spread {
  if (runs.length === 0) throw new RangeError("spreadOf: no runs to summarise");
  return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs), runs: [...runs] };
}

/** The same spread with every value multiplied (seconds to milliseconds, say). */
export function scaleSpread(spread: Spread, factor: number): Spread {
  return { median: spread.median * factor, min: spread.min * factor, max: spread.max * factor, runs: spread.runs.map((run) => run * factor) };
}

/** Whether the ranges of two spreads share any value: if they do, the runs cannot tell the two apart. */
export function spreadsOverlap(a: Spread, b: Spread): boolean {
  return a.min <= b.max && b.min <= a.max;
}

/** Three significant digits, without exponent notation for the sizes timings have. */
function threeDigits(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

/** "12.3 ms (11.9–13.0, 5 runs)": median, range and count, in the unit given. */
export function formatSpread(spread: Spread, unit: string): string {
  const range = spread.runs.length > 1 ? ` (${threeDigits(spread.min)}–${threeDigits(spread.max)}, ${spread.runs.length} runs)` : " (1 run)";
  return `${threeDigits(spread.median)} ${unit}${range}`;
}

/**
 * Speedup of `variant` over `baseline` from runs measured round by round: the ratio within
 * each round, so that a slow minute affects both sides of every ratio alike.
 */
export function perRoundRatios(baseline: readonly number[], variant: readonly number[]): Spread {
  if (baseline.length !== variant.length) throw new RangeError(`perRoundRatios: ${baseline.length} baseline runs against ${variant.length}`);
  return spreadOf(baseline.map((time, round) => time / variant[round]!));
}
