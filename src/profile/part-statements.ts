import { formatTime } from "../timing/format-time";
import type { Spread } from "../timing/spread";
import { otherPart, type PartShare, type ProfileParts } from "./time-parts";
import { CAUSE_SHARE_TO_NAME } from "../shared/cause-share";

/** A part is named as where a gap lies when it holds at least this share of the gap (shared/cause-share.ts). */
export const CARRIES_SHARE_OF_GAP = CAUSE_SHARE_TO_NAME;
/** Below this many samples the shares are too coarse to name anything. */
export const MIN_PART_SAMPLES = 50;

export interface PartsEvidence {
  /** What was profiled, e.g. "mathjs". */
  subject: string;
  /** Its parts, from one profiled run (`profileParts`). */
  parts: ProfileParts;
  /** The subject's timed runs of the same work, seconds: the shares are applied to their median. */
  seconds: Spread;
  /** What it is compared with, and how long that takes for the same work, seconds. */
  reference: { name: string; seconds: number };
}

export interface PartsStatement {
  kind: "part-carries-gap" | "no-part-carries-gap" | "no-gap" | "too-few-samples" | "share-larger" | "share-smaller" | "share-not-different";
  text: string;
  /** The part named as carrying the gap, for a verdict to cite; only with `part-carries-gap`. */
  part?: string;
}

/**
 * Where the subject's extra time over the reference lies, by the profile's parts. Each
 * share has an uncertainty of two standard errors of its sample count (samples land on a
 * part as draws of a binomial); a part is named as carrying the gap only when the low end
 * of its share, applied to the subject's median time, holds at least CARRIES_SHARE_OF_GAP
 * of the gap; every such part is named, the largest first (`part`). A part the rule names that does not
 * carry it is ruled out with the high end of its share: the rest of the subject's time
 * alone is still so many times the reference's (or, when even the rest would not be
 * slower, the profile is said not to decide). `other` is never a cause: it is
 * what the rule does not name.
 */
export function partsStatement(evidence: PartsEvidence): PartsStatement {
  const { subject, parts, seconds, reference } = evidence;
  const sharesText = parts.parts.map((part) => `${part.label} ${shareText(part, parts.samples)}`).join(", ");
  const head = `${parts.samples} samples over ${formatTime(parts.sampledMs / 1e3)}: ${sharesText}.`;
  if (parts.samples < MIN_PART_SAMPLES) {
    return { kind: "too-few-samples", text: `${head} Fewer than ${MIN_PART_SAMPLES} samples are too few to say where ${subject}'s time went.` };
  }
  const gap = seconds.median - reference.seconds;
  const against = `${subject} took ${formatTime(seconds.median)} (median), ${times(seconds.median / reference.seconds)} as long as ${reference.name} for the same work (${formatTime(reference.seconds)})`;
  if (!(gap > 0)) return { kind: "no-gap", text: `${head} ${subject} took no longer than ${reference.name} (${formatTime(seconds.median)} against ${formatTime(reference.seconds)}): there is no gap for a part to carry.` };
  const named = parts.parts.filter((part) => part.label !== otherPart && part.samples > 0);
  const carrying = named
    .filter((part) => low(part, parts.samples) * seconds.median >= CARRIES_SHARE_OF_GAP * gap)
    .sort((a, b) => b.share - a.share);
  const others = named.filter((part) => !carrying.includes(part)).map((part) => {
    const top = high(part, parts.samples);
    const remaining = ((1 - top) * seconds.median) / reference.seconds;
    return remaining > 1
      ? `its ${part.label} is at most ${percent(top)}, and the rest of its time alone is still ${times(remaining)} as long as ${reference.name}`
      : `its ${part.label} (${percent(low(part, parts.samples))}–${percent(top)}) may or may not hold half of it`;
  });
  const rest = others.length > 0 ? ` Of the other parts, ${others.join("; ")}.` : "";
  if (carrying.length > 0) {
    const named = carrying.map((part) => `its ${part.label} (at least ${percent(low(part, parts.samples))} of its time)`);
    const holds = named.length === 1 ? `${named[0]} holds` : `${named.slice(0, -1).join(", ")} and ${named.at(-1)} each hold`;
    return {
      kind: "part-carries-gap",
      part: carrying[0]!.label,
      text: `${head} ${against}: ${holds} at least half of that gap.${rest}`,
    };
  }
  return {
    kind: "no-part-carries-gap",
    text: `${head} ${against}: no part the rule names holds half of that gap on its own, so the profile does not show one cause.${rest}`,
  };
}

/** One thread's parts, named as a sentence names it ("the serial product", "worker 1"). */
export interface ThreadParts {
  thread: string;
  parts: ProfileParts;
}

/**
 * How one part's share on other threads (pool workers) compares with its share on a
 * base thread (the same work run serially): larger or smaller only when every other
 * thread's interval (two standard errors) lies wholly above, or below, the base's;
 * otherwise the profiles do not tell the shares apart. Threads with fewer than
 * MIN_PART_SAMPLES samples count as not telling.
 */
export function partShareComparison(label: string, base: ThreadParts, others: readonly ThreadParts[]): PartsStatement {
  const shareOf = (thread: ThreadParts) => thread.parts.parts.find((part) => part.label === label);
  const baseShare = shareOf(base);
  if (!baseShare) throw new RangeError(`partShareComparison: the rule has no part ${JSON.stringify(label)}`);
  const compared = others.map((thread) => ({ thread, share: shareOf(thread)! }));
  const figures = compared.map(({ thread, share }) => `${shareText(share, thread.parts.samples)} on ${thread.thread} (${thread.parts.samples} samples)`).join(", ");
  const head = `${label} took ${shareText(baseShare, base.parts.samples)} of ${base.thread}'s running time (${base.parts.samples} samples) and ${figures}`;
  const enough = base.parts.samples >= MIN_PART_SAMPLES && compared.length > 0 && compared.every(({ thread }) => thread.parts.samples >= MIN_PART_SAMPLES);
  const above = enough && compared.every(({ thread, share }) => low(share, thread.parts.samples) > high(baseShare, base.parts.samples));
  const below = enough && compared.every(({ thread, share }) => high(share, thread.parts.samples) < low(baseShare, base.parts.samples));
  if (above) return { kind: "share-larger", text: `${head}: a larger share on every one of them than on ${base.thread}.` };
  if (below) return { kind: "share-smaller", text: `${head}: a smaller share on every one of them than on ${base.thread}.` };
  const why = enough ? "their intervals overlap" : `a profile with fewer than ${MIN_PART_SAMPLES} samples cannot tell`;
  return { kind: "share-not-different", text: `${head}: the profiles do not show a different share (${why}).` };
}

/** "61% ± 5%": the share and two standard errors of its sample count. */
function shareText(part: PartShare, samples: number): string {
  return `${percent(part.share)} ± ${percent(twoErrors(part, samples))}`;
}

function twoErrors(part: PartShare, samples: number): number {
  return samples > 0 ? 2 * Math.sqrt((part.share * (1 - part.share)) / samples) : 1;
}

const low = (part: PartShare, samples: number) => Math.max(0, part.share - twoErrors(part, samples));
const high = (part: PartShare, samples: number) => Math.min(1, part.share + twoErrors(part, samples));

function percent(share: number): string {
  const value = 100 * share;
  return value > 0 && value < 1 ? "<1%" : `${value.toFixed(0)}%`;
}

function times(ratio: number): string {
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}×`;
}

/**
 * Whether two profiles of the same work, on the same thread one after the other, agree
 * on its parts: they disagree when some part's intervals (two standard errors each) do
 * not overlap. Sampling alone would keep them overlapping about 19 times in 20 per part,
 * so a disagreement says the run itself changed between them (load on a shared machine,
 * a collection, code recompiled), and that a share from either would be contradicted by
 * the other. Parts of fewer than MIN_PART_SAMPLES samples in all cannot tell.
 */
export function profilesAgreement(first: ThreadParts, second: ThreadParts): { kind: "agree" | "disagree" | "too-few-samples"; text: string } {
  if (first.parts.samples < MIN_PART_SAMPLES || second.parts.samples < MIN_PART_SAMPLES) {
    return { kind: "too-few-samples", text: `Fewer than ${MIN_PART_SAMPLES} samples in ${first.thread} or ${second.thread} are too few to compare them.` };
  }
  const split = first.parts.parts.filter((part) => part.label !== otherPart).map((part) => {
    const other = second.parts.parts.find((candidate) => candidate.label === part.label)!;
    const apart = low(part, first.parts.samples) > high(other, second.parts.samples) || high(part, first.parts.samples) < low(other, second.parts.samples);
    return { label: part.label, apart, text: `${part.label} ${shareText(part, first.parts.samples)} against ${shareText(other, second.parts.samples)}` };
  });
  const figures = split.map((part) => part.text).join(", ");
  const apart = split.filter((part) => part.apart).map((part) => part.label);
  return apart.length > 0
    ? { kind: "disagree", text: `${first.thread} and ${second.thread} disagree on ${apart.join(" and ")} (${figures}; intervals of two standard errors that do not overlap): the run changed between them, so neither's shares are given as where the time goes.` }
    : { kind: "agree", text: `${first.thread} and ${second.thread} agree (${figures}; every part's intervals overlap).` };
}
