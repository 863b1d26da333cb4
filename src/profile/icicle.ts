import { Figure } from "../display/plot/figure";
import { locationOf, type CellLocator } from "./locations";
import { sampleDurationsUs } from "./sample-times";
import type { CpuProfile } from "./sampling";

/**
 * Call paths under this share of the sampled time are left out of the chart: a matmul's
 * profile has hundreds of one-sample paths (the kernel's own code, timers) that would
 * only draw slivers. The table still counts every sample.
 */
const smallestShownFraction = 0.005;

/** One thread's profile, as the chart draws it. */
export interface ThreadTree {
  thread: string;
  profile: CpuProfile;
  cellLocation?: CellLocator;
}

/**
 * The call trees as a plotly icicle: one branch per thread under a common top, each call
 * path below its caller, widths proportional to the time spent in the path (itself and
 * what it called).
 */
export function icicleChart(threads: readonly ThreadTree[], title: string): Figure {
  const chart: IcicleColumns = { ids: [], labels: [], parents: [], values: [], hover: [] };
  const top = "all threads";
  let allUs = 0;
  for (const tree of threads) allUs += addThread(chart, tree, top);
  const single = threads.length === 1;
  if (!single) {
    chart.ids.unshift(top);
    chart.labels.unshift(top);
    chart.parents.unshift("");
    chart.values.unshift(allUs / 1000);
    chart.hover.unshift(`${(allUs / 1000).toFixed(1)} ms sampled`);
  } else {
    chart.parents[0] = "";
  }
  const trace = {
    type: "icicle",
    name: "call tree",
    ids: chart.ids,
    labels: chart.labels,
    parents: chart.parents,
    values: chart.values,
    branchvalues: "total",
    hovertext: chart.hover,
    hoverinfo: "label+text",
    tiling: { orientation: "v" },
    sort: false,
  };
  return new Figure([trace], { title: { text: title }, margin: { t: 40, l: 10, r: 10, b: 10 }, height: 420 });
}

interface IcicleColumns {
  ids: string[];
  labels: string[];
  parents: string[];
  values: number[];
  hover: string[];
}

/** Adds one thread's tree below `top`, its root labelled with the thread; returns its sampled µs. */
function addThread(chart: IcicleColumns, { thread, profile, cellLocation }: ThreadTree, top: string): number {
  const selfUs = new Map<number, number>();
  const durations = sampleDurationsUs(profile);
  (profile.samples ?? []).forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + durations[index]));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const totalUs = new Map<number, number>();
  const totalOf = (id: number): number => {
    const known = totalUs.get(id);
    if (known !== undefined) return known;
    const children = nodes.get(id)?.children ?? [];
    const total = (selfUs.get(id) ?? 0) + children.reduce((sum, child) => sum + totalOf(child), 0);
    totalUs.set(id, total);
    return total;
  };
  const root = profile.nodes[0];
  if (!root) return 0;
  const rootUs = totalOf(root.id);
  const visit = (id: number, parent: string) => {
    const node = nodes.get(id);
    const us = totalOf(id);
    if (!node || (parent !== top && us < smallestShownFraction * rootUs)) return;
    const location = locationOf(node.callFrame, cellLocation);
    const key = `${thread}/${id}`;
    chart.ids.push(key);
    chart.labels.push(parent === top ? thread : node.callFrame.functionName || "(anonymous)");
    chart.parents.push(parent);
    chart.values.push(us / 1000);
    chart.hover.push(`${location || "V8"}<br>${(us / 1000).toFixed(1)} ms (${rootUs > 0 ? ((100 * us) / rootUs).toFixed(1) : "0"}% of the ${thread})`);
    for (const child of node.children ?? []) visit(child, key);
  };
  visit(root.id, top);
  return rootUs;
}
