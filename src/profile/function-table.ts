import type { Profiler } from "node:inspector";
import { locationOf, type CellLocator } from "./locations";
import { sampleDurationsUs } from "./sample-times";
import type { CpuProfile } from "./sampling";

/** One function of a profile: where its samples' time went. */
export interface FunctionRow {
  /** The thread sampled: `main thread` or `worker 2`. */
  thread: string;
  /** V8's name for it; `(anonymous)` for an unnamed function; `(garbage collector)`, `(program)`, `(idle)` as V8 names them. */
  name: string;
  /** `<cell 3>:12`, `tsparallel/matmul/blocked.ts:40`, or empty for V8's special nodes. */
  location: string;
  /** Time in samples where the function itself was running; the percentages are of the thread's sampled time. */
  selfMs: number;
  selfPercent: number;
  /** Time in samples where it was on the stack, counted once per sample even when it recurses. */
  totalMs: number;
  totalPercent: number;
}

const rootName = "(root)";

/** The functions of a profile, heaviest self time first; `(root)` only when samples landed on it. */
export function functionRows(profile: CpuProfile, cellLocation: CellLocator | undefined, thread = "main thread"): FunctionRow[] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const keyOf = (node: Profiler.ProfileNode) => {
    const frame = node.callFrame;
    return `${frame.functionName}\u0000${frame.url}\u0000${frame.lineNumber}\u0000${frame.columnNumber}`;
  };
  const rows = new Map<string, FunctionRow>();
  const rowOf = (node: Profiler.ProfileNode): FunctionRow => {
    const key = keyOf(node);
    let row = rows.get(key);
    if (!row) {
      const name = node.callFrame.functionName || "(anonymous)";
      row = { thread, name, location: locationOf(node.callFrame, cellLocation), selfMs: 0, selfPercent: 0, totalMs: 0, totalPercent: 0 };
      rows.set(key, row);
    }
    return row;
  };
  /** Each node's distinct functions from itself up to the root, found once per node. */
  const stacks = new Map<number, FunctionRow[]>();
  const stackOf = (id: number): FunctionRow[] => {
    let stack = stacks.get(id);
    if (stack) return stack;
    const distinct = new Set<FunctionRow>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const node = nodes.get(at);
      if (node && node.callFrame.functionName !== rootName) distinct.add(rowOf(node));
    }
    stack = [...distinct];
    stacks.set(id, stack);
    return stack;
  };
  const durations = sampleDurationsUs(profile);
  let sampledUs = 0;
  (profile.samples ?? []).forEach((id, index) => {
    const node = nodes.get(id);
    if (!node) return;
    const us = durations[index];
    sampledUs += us;
    rowOf(node).selfMs += us / 1000;
    for (const row of stackOf(id)) row.totalMs += us / 1000;
  });
  const sampledMs = sampledUs / 1000;
  const result = [...rows.values()].filter((row) => row.name !== rootName || row.selfMs > 0);
  for (const row of result) {
    row.selfPercent = sampledMs > 0 ? (100 * row.selfMs) / sampledMs : 0;
    row.totalPercent = sampledMs > 0 ? (100 * row.totalMs) / sampledMs : 0;
  }
  return sortRows(result, "self");
}

export type SortKey = "self" | "total" | "name";
export const sortKeys: readonly SortKey[] = ["self", "total", "name"];

/** Rows ordered by self or total time (heaviest first) or by name; ties broken by name. */
export function sortRows(rows: readonly FunctionRow[], key: SortKey): FunctionRow[] {
  const byName = (a: FunctionRow, b: FunctionRow) =>
    a.name.localeCompare(b.name) || a.location.localeCompare(b.location) || a.thread.localeCompare(b.thread);
  if (key === "name") return [...rows].sort(byName);
  const field = key === "self" ? "selfMs" : "totalMs";
  return [...rows].sort((a, b) => b[field] - a[field] || byName(a, b));
}
