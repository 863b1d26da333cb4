import { jupyterDisplaySymbol, type MimeBundle, type RichDisplayable } from "../../cell/mime";
import { figureHtml } from "./html";
import { claimInlining } from "./inlining";
import { summarizeFigure } from "./summary";
import type { FigureJson, PlotlyConfig, PlotlyLayout, PlotlyTrace } from "./types";

/** The MIME type JupyterLab's plotly renderer (jupyterlab-plotly) draws. */
export const plotlyMimeType = "application/vnd.plotly.v1+json";

/** Defaults for every figure: resize with the output area, no plotly logo in the mode bar. */
const defaultConfig: PlotlyConfig = { responsive: true, displaylogo: false };

/**
 * A plotly figure: `data` (traces), `layout` and `config` exactly as plotly.js takes
 * them. Displaying it (the value of a cell, or `display(figure)`) sends the plotly MIME
 * type, HTML that draws offline, and a text summary.
 */
export class Figure implements RichDisplayable {
  data: PlotlyTrace[];
  layout: PlotlyLayout;
  config: PlotlyConfig;

  constructor(data: readonly PlotlyTrace[], layout: PlotlyLayout = {}, config: PlotlyConfig = {}) {
    if (!Array.isArray(data)) throw new TypeError("Figure: data must be an array of traces");
    data.forEach((trace, index) => {
      if (trace === null || typeof trace !== "object") throw new TypeError(`Figure: trace ${index} is not an object`);
    });
    if (layout === null || typeof layout !== "object") throw new TypeError("Figure: layout must be an object");
    if (config === null || typeof config !== "object") throw new TypeError("Figure: config must be an object");
    this.data = [...data];
    this.layout = layout;
    this.config = { ...defaultConfig, ...config };
  }

  /** Plain JSON (typed arrays become arrays, NaN and ±Infinity become null), as the protocol carries it. */
  toJSON(): FigureJson {
    return JSON.parse(JSON.stringify({ data: this.data, layout: this.layout, config: this.config }, plainValue));
  }

  toText(): string {
    return summarizeFigure(this.toJSON());
  }

  [jupyterDisplaySymbol](): MimeBundle {
    const json = this.toJSON();
    return {
      [plotlyMimeType]: json,
      "text/html": figureHtml(json, { inlinePlotly: claimInlining() }),
      "text/plain": summarizeFigure(json),
    };
  }
}

function plainValue(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number | bigint>, Number);
  }
  if (typeof value === "bigint") return Number(value);
  return value;
}
