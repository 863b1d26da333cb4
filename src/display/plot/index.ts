import { breakdown } from "./breakdown";
import { bar, line, stackedBar } from "./builders";
import { Figure } from "./figure";

export { Figure, plotlyMimeType } from "./figure";
export { type RunTimes, type WorkerTimes } from "./breakdown";
export { phaseColors, type BarOptions, type ChartOptions, type LineOptions, type SeriesInput } from "./builders";
export { carriesPlotly } from "./html";
export { resetPlotlyInlining } from "./inlining";
export { Progress, progress, withProgress, type ProgressOptions, type ProgressOutput, type SweepOptions } from "./progress";
export type { FigureJson, PlotlyConfig, PlotlyLayout, PlotlyTrace } from "./types";

/**
 * Charts for measurements: `plot.line`, `plot.bar`, `plot.stackedBar`, `plot.breakdown`
 * (a parallel run's per-worker phases), or any plotly figure with `plot.figure`.
 */
export const plot = {
  line,
  bar,
  stackedBar,
  breakdown,
  figure: (...args: ConstructorParameters<typeof Figure>) => new Figure(...args),
};
