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

/**
 * The call tree as a plotly icicle: the root on top, each call path below its caller,
 * widths proportional to the time spent in the path (itself and what it called).
 */
export function icicleChart(profile: CpuProfile, cellLocation: CellLocator | undefined, title: string): Figure {
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
  const rootUs = root ? totalOf(root.id) : 0;
  const ids: string[] = [];
  const labels: string[] = [];
  const parents: string[] = [];
  const values: number[] = [];
  const hover: string[] = [];
  const visit = (id: number, parent: string) => {
    const node = nodes.get(id);
    const us = totalOf(id);
    if (!node || (parent !== "" && us < smallestShownFraction * rootUs)) return;
    const location = locationOf(node.callFrame, cellLocation);
    ids.push(String(id));
    labels.push(node.callFrame.functionName || "(anonymous)");
    parents.push(parent);
    values.push(us / 1000);
    hover.push(`${location || "V8"}<br>${(us / 1000).toFixed(1)} ms (${rootUs > 0 ? ((100 * us) / rootUs).toFixed(1) : "0"}%)`);
    for (const child of node.children ?? []) visit(child, String(id));
  };
  if (root) visit(root.id, "");
  const trace = {
    type: "icicle",
    name: "call tree",
    ids,
    labels,
    parents,
    values,
    branchvalues: "total",
    hovertext: hover,
    hoverinfo: "label+text",
    tiling: { orientation: "v" },
    sort: false,
  };
  return new Figure([trace], { title: { text: title }, margin: { t: 40, l: 10, r: 10, b: 10 }, height: 420 });
}
