import type { Profiler } from "node:inspector";
import { locationOf } from "./locations";
import { sampleDurationsUs } from "./sample-times";
import type { CpuProfile } from "./sampling";

/** A frame of a sampled stack as the profile's table names it. */
export interface SampledFrame {
  /** V8's name for the function; `(anonymous)` when it has none. */
  name: string;
  /** `mathjs/lib/cjs/function/arithmetic/multiply.js:269`, `tsparallel/matmul/kernels/mathjs.ts:24`; empty for V8's own nodes. */
  location: string;
}

/** One part of a run a reader can name, and which frames belong to it. */
export interface PartRule {
  label: string;
  /** The rule in words, for a notebook to state beside the shares it gives. */
  frames: string;
  matches(frame: SampledFrame): boolean;
}

export interface PartShare {
  label: string;
  samples: number;
  ms: number;
  /** Of the thread's sampled time. */
  share: number;
}

export interface ProfileParts {
  /** The rule's parts in its order, then garbage collection, then everything else. */
  parts: PartShare[];
  /** Samples of running code: the parts' samples. */
  samples: number;
  sampledMs: number;
  /** Time V8 sampled the thread as `(idle)`, waiting for work: not a part, and not in the shares. */
  idleMs: number;
}

export const garbageCollection = "garbage collection";
export const otherPart = "other";

/**
 * Splits a thread's sampled time into the parts a rule names. Each sample goes to the
 * part of the innermost frame on its stack that a rule accepts, walking from the running
 * function out to the root, and trying the rules in order at each frame: a helper called
 * by two parts counts for the one that called it, and a sample in code the rule does not
 * name counts for the part that called that code. V8 gives garbage-collector samples no
 * stack, so they are a part of their own; samples no rule claims are `other`. Samples
 * of an idle thread (a worker waiting for its next task) are left out of the shares, so
 * that a worker's parts compare with a thread that never waited.
 */
export function profileParts(profile: CpuProfile, rules: readonly PartRule[]): ProfileParts {
  const labels = [...rules.map((rule) => rule.label), garbageCollection, otherPart];
  const totals = new Map(labels.map((label) => [label, { samples: 0, us: 0 }]));
  const durations = sampleDurationsUs(profile);
  let sampledUs = 0;
  let idleUs = 0;
  sampleParts(profile, rules).forEach((label, index) => {
    if (label === idle) {
      idleUs += durations[index];
      return;
    }
    const total = totals.get(label)!;
    total.samples += 1;
    total.us += durations[index];
    sampledUs += durations[index];
  });
  return {
    parts: labels.map((label) => {
      const { samples, us } = totals.get(label)!;
      return { label, samples, ms: us / 1000, share: sampledUs > 0 ? us / sampledUs : 0 };
    }),
    samples: labels.reduce((sum, label) => sum + totals.get(label)!.samples, 0),
    sampledMs: sampledUs / 1000,
    idleMs: idleUs / 1000,
  };
}

/** V8's node for a thread waiting for work. */
const idle = "(idle)";

/** The part each sample goes to, in sample order (see `profileParts`); `(idle)` for an idle thread's. */
export function sampleParts(profile: CpuProfile, rules: readonly PartRule[]): string[] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const partOfNode = new Map<number, string>();
  return (profile.samples ?? []).map((id) => {
    let part = partOfNode.get(id);
    if (part === undefined) {
      const name = nodes.get(id)?.callFrame.functionName;
      part = name === "(garbage collector)" ? garbageCollection : name === idle ? idle : claimingPart(id, nodes, parents, rules);
      partOfNode.set(id, part);
    }
    return part;
  });
}

function claimingPart(id: number, nodes: Map<number, Profiler.ProfileNode>, parents: Map<number, number>, rules: readonly PartRule[]): string {
  for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
    const node = nodes.get(at);
    if (!node) break;
    const frame = { name: node.callFrame.functionName || "(anonymous)", location: locationOf(node.callFrame, undefined) };
    const rule = rules.find((candidate) => candidate.matches(frame));
    if (rule) return rule.label;
  }
  return otherPart;
}
