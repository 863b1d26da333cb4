import { bar, line, stackedBar } from "./builders";
import { Figure } from "./figure";

export { Figure, plotlyMimeType } from "./figure";
export { phaseColors, type BarOptions, type ChartOptions, type LineOptions, type SeriesInput } from "./builders";
export { resetPlotlyInlining } from "./inlining";
export { Progress, progress, withProgress, type ProgressOptions, type ProgressOutput, type SweepOptions } from "./progress";
export type { FigureJson, PlotlyConfig, PlotlyLayout, PlotlyTrace } from "./types";

/** Charts for measurements: `plot.line`, `plot.bar`, `plot.stackedBar`, or any plotly figure with `plot.figure`. */
export const plot = {
  line,
  bar,
  stackedBar,
  figure: (...args: ConstructorParameters<typeof Figure>) => new Figure(...args),
};
