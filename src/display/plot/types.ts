/**
 * Plotly's figure schema is large and versioned by plotly.js itself; these types name
 * only the fields this library writes or reads and let the rest through, so any
 * plotly.js attribute (https://plotly.com/javascript/reference/) still works.
 */
export type PlotlyValues = readonly (number | string | null)[] | ArrayLike<number>;

export interface PlotlyTrace {
  type?: string;
  name?: string;
  x?: PlotlyValues;
  y?: PlotlyValues;
  [attribute: string]: unknown;
}

export interface PlotlyAxis {
  title?: { text?: string } | string;
  type?: "linear" | "log" | "category" | "date" | "-";
  [attribute: string]: unknown;
}

export interface PlotlyLayout {
  title?: { text?: string } | string;
  xaxis?: PlotlyAxis;
  yaxis?: PlotlyAxis;
  width?: number;
  height?: number;
  [attribute: string]: unknown;
}

export type PlotlyConfig = Record<string, unknown>;

/** The payload of `application/vnd.plotly.v1+json`, as JupyterLab's plotly renderer reads it. */
export interface FigureJson {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
  config: Record<string, unknown>;
}
