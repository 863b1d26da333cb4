import { Figure } from "../display/plot/figure";
import { phaseColors } from "../display/plot/builders";
import type { PlotlyTrace } from "../display/plot/types";
import type { Timeline } from "./timeline";

/**
 * Bars drawn per figure at most: plotly draws every bar as an SVG element, and a
 * notebook's HTML carries every bar's numbers (tens of thousands stay responsive). Past
 * this a run is drawn up to the moment its share of bars is reached, chunks and sends
 * alike, and the title says so; `chromeTrace()` keeps them all.
 */
export const maxBars = 20_000;

/**
 * The runs' timelines as one chart: a lane per thread (the calling thread, then each
 * worker), runs one under the other on one time axis (ms since each run started), a bar
 * per chunk from its start to its end and per task the calling thread sent. Hovering a
 * chunk shows its index, start and duration.
 */
export function timelineFigure(timelines: readonly Timeline[], title?: string): Figure {
  const several = timelines.length > 1;
  const laneName = (timeline: Timeline, lane: number) => (several ? `${timeline.label} · ${timeline.lanes[lane]!.name}` : timeline.lanes[lane]!.name);
  const perRun = Math.max(1, Math.floor(maxBars / timelines.length));
  const traces: PlotlyTrace[] = [];
  const lanes: string[] = [];
  let drawn = 0;
  let total = 0;
  const cut: string[] = [];
  timelines.forEach((timeline, run) => {
    timeline.lanes.forEach((_, lane) => lanes.push(laneName(timeline, lane)));
    const cutoffUs = drawnUntil(timeline, perRun);
    const chunks = timeline.chunks.filter((chunk) => chunk.startUs < cutoffUs);
    const sends = timeline.sends.filter((send) => send.startUs < cutoffUs);
    drawn += chunks.length + sends.length;
    total += timeline.chunks.length + timeline.sends.length;
    if (cutoffUs !== Infinity) cut.push(`${several ? `${timeline.label}: ` : ""}the first ${formatMs(cutoffUs / 1000)} of ${formatMs(timeline.wallUs / 1000)}`);
    const common = { type: "bar", orientation: "h", marker: {}, showlegend: run === 0 };
    traces.push({
      ...common,
      name: "chunk",
      legendgroup: "chunk",
      marker: { color: phaseColors.compute, line: { width: 0 } },
      y: chunks.map((chunk) => laneName(timeline, chunk.lane)),
      base: chunks.map((chunk) => chunk.startUs / 1000),
      x: chunks.map((chunk) => (chunk.endUs - chunk.startUs) / 1000),
      customdata: chunks.map((chunk) => [chunk.chunk, chunk.startUs / 1000, chunk.endUs - chunk.startUs]),
      hovertemplate: "chunk %{customdata[0]}<br>start %{customdata[1]:.4f} ms<br>duration %{customdata[2]:.3f} µs<extra>%{y}</extra>",
    });
    traces.push({
      ...common,
      name: "task sent",
      legendgroup: "send",
      marker: { color: phaseColors.dispatch, line: { width: 0 } },
      y: sends.map(() => laneName(timeline, 0)),
      base: sends.map((send) => send.startUs / 1000),
      x: sends.map((send) => (send.endUs - send.startUs) / 1000),
      customdata: sends.map((send) => [send.label, send.startUs / 1000, send.endUs - send.startUs]),
      hovertemplate: "%{customdata[0]}<br>start %{customdata[1]:.4f} ms<br>duration %{customdata[2]:.3f} µs<extra>%{y}</extra>",
    });
    if (timeline.probe) {
      const probe = timeline.probe;
      traces.push({
        ...common,
        name: "auto grain's probe",
        legendgroup: "probe",
        marker: { color: phaseColors.transfer, line: { width: 0 } },
        y: [laneName(timeline, probe.lane)],
        base: [probe.startUs / 1000],
        x: [(probe.endUs - probe.startUs) / 1000],
        customdata: [[probe.units, probe.startUs / 1000, probe.endUs - probe.startUs]],
        hovertemplate: "probe: %{customdata[0]} units<br>start %{customdata[1]:.4f} ms<br>duration %{customdata[2]:.3f} µs<extra>%{y}</extra>",
      });
    }
  });
  const count = drawn < total ? ` (${drawn.toLocaleString("en")} of ${total.toLocaleString("en")} bars drawn; ${cut.join(", ")})` : "";
  const heading = title ?? (several ? "Task timelines" : `Task timeline: ${timelines[0]?.label ?? ""}`);
  return new Figure(traces, {
    title: { text: `${heading}${count}` },
    barmode: "overlay",
    bargap: 0.25,
    height: Math.max(220, 90 + 34 * lanes.length),
    margin: { l: several ? 330 : 170 },
    xaxis: { title: { text: "ms since the run started" }, zeroline: false },
    // Every lane, the first on top: autorange would drop trailing lanes without bars (a worker that ran no chunk).
    yaxis: { type: "category", categoryorder: "array", categoryarray: lanes, range: [lanes.length - 0.5, -0.5] },
    hovermode: "closest",
  });
}

/** The time (µs since the run started) before which at most `bars` chunks and sends start; Infinity when all fit. */
function drawnUntil(timeline: Timeline, bars: number): number {
  if (timeline.chunks.length + timeline.sends.length <= bars) return Infinity;
  const starts = [...timeline.chunks.map((chunk) => chunk.startUs), ...timeline.sends.map((send) => send.startUs)].sort((a, b) => a - b);
  return starts[bars]!;
}

function formatMs(ms: number): string {
  return `${ms >= 100 ? ms.toFixed(0) : Number(ms.toPrecision(3))} ms`;
}
