import { formatTime } from "../../timing/format-time";
import { spreadsOverlap, type Spread } from "../../timing/spread";
import type { Statement } from "./statement";

/** One measurement of a quantity: where (or when) it was taken, and its runs in seconds. */
export interface Repeat {
  /** Words that finish "measured 1.2 ms (1.1 ms–1.3 ms) ...", e.g. "in the grain sweep". */
  where: string;
  seconds: Spread;
}

/**
 * What repeated measurements of the same quantity (the same work, in the same process)
 * support: nothing when every pair of ranges overlaps, since the runs then agree within
 * their spread; otherwise one statement about the pair whose medians lie furthest apart
 * among those whose ranges do not overlap. Nothing changed in the work between them, so
 * the speed at which the machine ran it did: a figure measured at one time is then not comparable with one
 * measured at another beyond the spread either shows, and only figures measured in the
 * same rounds should be compared. Repeats are given in the order they were measured.
 */
export function repeatStatement(quantity: string, repeats: readonly Repeat[]): Statement | undefined {
  let widest: { earlier: Repeat; later: Repeat; ratio: number } | undefined;
  for (const [i, earlier] of repeats.entries()) {
    for (const later of repeats.slice(i + 1)) {
      if (spreadsOverlap(earlier.seconds, later.seconds)) continue;
      const ratio = later.seconds.median / earlier.seconds.median;
      const gap = Math.max(ratio, 1 / ratio);
      if (!widest || gap > Math.max(widest.ratio, 1 / widest.ratio)) widest = { earlier, later, ratio };
    }
  }
  if (!widest) return undefined;
  const { earlier, later, ratio } = widest;
  const change = ratio > 1 ? `took ${digits(ratio)}× as long in the later one` : `ran ${digits(1 / ratio)}× faster in the later one`;
  const among = repeats.length > 2 ? ` (of its ${repeats.length} measurements, the pair furthest apart whose ranges do not overlap)` : "";
  return {
    kind: "repeats-disagree",
    text: `${quantity} measured ${figure(earlier.seconds)} ${earlier.where} and ${figure(later.seconds)} ${later.where}${among}: ` +
      `the same work ${change}, beyond the spread of either (the ranges do not overlap), so the speed at which this machine ran it changed between ` +
      `the two measurements; compare only figures measured in the same rounds.`,
  };
}

/** "1.23 ms (1.2 ms–1.3 ms)": the median and range in the unit %timeit would pick. */
function figure(spread: Spread): string {
  return `${formatTime(spread.median)} (${formatTime(spread.min)}–${formatTime(spread.max)})`;
}

function digits(ratio: number): string {
  return ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2);
}
