import { logTicks } from "../display/plot/builders";
import { Figure } from "../display/plot/figure";
import type { PlotlyTrace } from "../display/plot/types";
import { formats, table, type Table } from "../display/table";
import { formatSpread, type Spread } from "../timing/spread";
import type { MachineCeilings } from "./ceilings";
import { ceilingRate, COMPUTE_PROBES, type ComputeProbe, MEMORY_PROBE, type Placement } from "./placement";
import { PROBES, PROBE_NAMES } from "./probe";

function rate(spread: Spread, unit: string): string {
  return formatSpread(spread, unit);
}

/** The ceilings, one row per probe, unavailable ones with the reason. */
export function ceilingsTable(ceilings: MachineCeilings): Table {
  const rows = PROBE_NAMES.map((probe) => {
    const ceiling = ceilings.ceilings[probe];
    if (ceiling === undefined) {
      const reason = ceilings.unavailable.find((entry) => entry.probe === probe)?.reason ?? "not measured";
      return { ceiling: PROBES[probe].label, oneThread: "unavailable", allThreads: "", method: reason };
    }
    return {
      ceiling: ceiling.label,
      oneThread: rate(ceiling.oneThread, ceiling.unit),
      allThreads: `${rate(ceiling.allThreads, ceiling.unit)} on ${ceiling.threads}`,
      method: ceiling.method,
    };
  });
  const load = ceilings.loadAverage;
  const caption =
    `This machine's ceilings from Node (${ceilings.procedure}). ` +
    `Load average ${load.before.toFixed(2)} before, ${load.after.toFixed(2)} after.`;
  return table(rows, [
    { key: "ceiling", label: "ceiling" },
    { key: "oneThread", label: "one thread", align: "right" },
    { key: "allThreads", label: "all cores (threads)", align: "right" },
    { key: "method", label: "method" },
  ], { caption });
}

function bindingText(placement: Placement, ceilings: MachineCeilings): string {
  if (placement.binding === undefined) {
    // Probe names, not labels: the row would be as wide as three labels.
    return placement.above.length > 0 ? `none from Node (native; above ${placement.above.join(", ")})` : "none from Node (native)";
  }
  return placement.binding === "memory" ? `memory (${PROBES[MEMORY_PROBE].label})` : PROBES[placement.binding].label;
}

/** One row per placed run: intensity, rate, binding ceiling, its value there, fraction reached. */
export function placementTable(placements: readonly Placement[], ceilings: MachineCeilings): Table {
  const rows = placements.map((placement) => ({
    run: placement.point.label,
    intensity: placement.point.intensity,
    gflops: rate(placement.point.gflops, "GFLOP/s"),
    binds: bindingText(placement, ceilings),
    roof: placement.computeRoof === undefined ? undefined : Math.min(placement.memoryRoof, placement.computeRoof),
    fraction: placement.fraction,
  }));
  return table(rows, [
    { key: "run", label: "run" },
    { key: "intensity", label: "flop/byte", align: "right" },
    { key: "gflops", label: "GFLOP/s (median, range)", align: "right" },
    { key: "binds", label: "binding ceiling" },
    { key: "roof", label: "ceiling there", format: formats.gflops, align: "right" },
    { key: "fraction", label: "of ceiling", format: formats.percent, align: "right" },
  ], { caption: "Each run against the ceiling that binds it at its intensity (the lower of memory bandwidth × intensity and its compute ceiling)" });
}

/** Thread counts whose roofs the chart draws: one thread always, all cores if a run used more. */
function threadCounts(placements: readonly Placement[], ceilings: MachineCeilings): number[] {
  const cores = ceilings.ceilings[MEMORY_PROBE]?.threads ?? 1;
  return placements.some((placement) => (placement.point.threads ?? 1) > 1) && cores > 1 ? [1, cores] : [1];
}

/** Intensities the chart spans: a factor of four past the points and the ridge points. */
function intensityRange(placements: readonly Placement[], ceilings: MachineCeilings, bandwidth: number): [number, number] {
  const xs = placements.map((placement) => placement.point.intensity);
  for (const probe of COMPUTE_PROBES) {
    const ceiling = ceilings.ceilings[probe];
    if (ceiling) xs.push(ceilingRate(ceiling, 1) / bandwidth);
  }
  return [Math.min(...xs) / 4, Math.max(...xs) * 4];
}

/** A roof line, labelled at its right end (the legend is left to the runs, which are many). */
function roofLine(name: string, x: [number, number], y: [number, number], color: string, dash: string, below = false): PlotlyTrace {
  return {
    type: "scatter", mode: "lines+text", name, x, y, text: ["", name], textposition: below ? "bottom left" : "top left",
    textfont: { size: 10, color }, line: { color, dash }, showlegend: false, hoverinfo: "name",
  };
}

const ceilingColors: Readonly<Record<ComputeProbe, string>> = { "wasm-fma": "#d62728", "wasm-simd": "#ff7f0e", "js-scalar": "#2ca02c" };

/**
 * The roof for one thread count, as rooflines are drawn: the memory diagonal up to the
 * highest compute ceiling, and each compute ceiling from where the diagonal meets it.
 */
function roofTraces(ceilings: MachineCeilings, threads: number, [x0, x1]: [number, number]): PlotlyTrace[] {
  const memory = ceilings.ceilings[MEMORY_PROBE];
  if (memory === undefined) return [];
  const bandwidth = ceilingRate(memory, threads);
  const suffix = threads > 1 ? `, ${threads} threads` : "";
  const dash = threads > 1 ? "dot" : "solid";
  const computes = COMPUTE_PROBES.flatMap((probe) => {
    const ceiling = ceilings.ceilings[probe];
    return ceiling === undefined ? [] : [{ probe, ceiling, peak: ceilingRate(ceiling, threads) }];
  });
  const top = Math.max(bandwidth * x0, ...computes.map(({ peak }) => peak));
  const xTop = Math.min(x1, top / bandwidth);
  const traces = [roofLine(`memory read ${bandwidth.toPrecision(3)} GB/s${suffix}`, [x0, xTop], [bandwidth * x0, bandwidth * xTop], "#7f7f7f", dash)];
  computes.forEach(({ probe, ceiling, peak }, index) => {
    const ridge = Math.max(x0, peak / bandwidth);
    // Labels alternate above and below their lines: two ceilings may lie close together (SIMD multiply + add and scalar did here).
    traces.push(roofLine(`${ceiling.label} ${peak.toPrecision(3)} GFLOP/s${suffix}`, [ridge, x1], [peak, peak], ceilingColors[probe], dash, index % 2 === 1));
  });
  return traces;
}

function pointTrace(placement: Placement): PlotlyTrace {
  const { gflops, intensity, label } = placement.point;
  return {
    type: "scatter", mode: "markers", name: label, x: [intensity], y: [gflops.median], marker: { size: 9 },
    error_y: { type: "data", symmetric: false, array: [gflops.max - gflops.median], arrayminus: [gflops.median - gflops.min], visible: true },
  };
}

/**
 * The log-log roofline: GFLOP/s against flop per byte, the memory diagonal and the
 * compute ceilings measured here as lines, each run a point with whiskers over its runs.
 * Only ceilings Node measured are drawn; a native run is a point, never a line.
 */
export function rooflineChart(placements: readonly Placement[], ceilings: MachineCeilings): Figure {
  const memory = ceilings.ceilings[MEMORY_PROBE];
  const bandwidth = memory === undefined ? 1 : ceilingRate(memory, 1);
  const range = intensityRange(placements, ceilings, bandwidth);
  const roofs = threadCounts(placements, ceilings).flatMap((threads) => roofTraces(ceilings, threads, range));
  const points = placements.map(pointTrace);
  const traces = [...roofs, ...points];
  return new Figure(traces, {
    title: { text: "Roofline: each run against this machine's ceilings" },
    xaxis: { title: { text: "arithmetic intensity (flop per byte from memory)" }, type: "log", ...logTicks(traces, undefined, "x") },
    yaxis: { title: { text: "GFLOP/s" }, type: "log", ...logTicks(traces) },
    height: 520,
  });
}
