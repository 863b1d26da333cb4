import { spreadsOverlap, type Spread } from "../../timing/spread";
import type { Statement } from "./statement";

/** A named set of runs: seconds per run. */
export interface Timed {
  name: string;
  seconds: Spread;
}

export type Relation = { kind: "faster" | "slower"; ratio: number } | { kind: "indistinguishable"; ratio: number };

/**
 * How `candidate` relates to `baseline`: faster or slower only when the ranges of their
 * runs do not overlap, otherwise indistinguishable within the spread. `ratio` is
 * baseline median / candidate median (the speedup), whatever the kind.
 */
export function relate(baseline: Spread, candidate: Spread): Relation {
  const ratio = baseline.median / candidate.median;
  if (spreadsOverlap(baseline, candidate)) return { kind: "indistinguishable", ratio };
  return { kind: candidate.max < baseline.min ? "faster" : "slower", ratio };
}

/** "1.9× faster than", "36× slower than", "indistinguishable within the spread from": a phrase for prose. */
export function relationPhrase(relation: Relation): string {
  const digits = (x: number) => (x >= 10 ? x.toFixed(0) : x >= 1.995 ? x.toFixed(1) : x.toFixed(2));
  if (relation.kind === "faster") return `${digits(relation.ratio)}× faster than`;
  if (relation.kind === "slower") return `${digits(1 / relation.ratio)}× slower than`;
  return `indistinguishable within the spread of the runs (median ratio ${digits(relation.ratio)}×) from`;
}

/** "1.9× faster", "36× slower", "indistinguishable (ranges overlap)": for a table cell. */
export function relationLabel(relation: Relation): string {
  return relation.kind === "indistinguishable" ? "indistinguishable (ranges overlap)" : relationPhrase(relation).replace(/ than$/, "");
}

const digits = (seconds: number) => Number((seconds * 1e3).toPrecision(3)).toString();

/** The statement a comparison of two configurations supports. */
export function comparisonStatement(baseline: Timed, candidate: Timed): Statement {
  const relation = relate(baseline.seconds, candidate.seconds);
  const ranges = (timed: Timed) => `${digits(timed.seconds.median)} ms (${digits(timed.seconds.min)}–${digits(timed.seconds.max)} ms)`;
  const figures = `median ${ranges(candidate)} against ${ranges(baseline)}`;
  if (relation.kind === "indistinguishable") {
    return { kind: "indistinguishable", text: `${candidate.name} and ${baseline.name} are indistinguishable within the spread of their runs: ${figures}; the ranges overlap.` };
  }
  return { kind: relation.kind, text: `${candidate.name} was ${relationPhrase(relation)} ${baseline.name}: ${figures}; the ranges do not overlap.` };
}
