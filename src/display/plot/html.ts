import { randomUUID } from "node:crypto";
import { escapeHtml } from "../table";
import { plotlySource, type PlotlySource } from "./plotly-source";
import type { FigureJson } from "./types";

/**
 * Figures queued here wait for plotly.js. The first figure of a session defines
 * window.Plotly and then drains the queue; any later figure draws at once if Plotly is
 * there, or queues itself. That covers both orders a page can run them in: an exported
 * report runs outputs top to bottom, while JupyterLab may render a later output first
 * (it renders cells lazily as they scroll into view).
 */
const queueName = "tsparallelPlotlyWaiting";

const defaultHeightPx = 420;

/** Marks the script element that carries plotly.js, so that code holding a bundle can tell. */
const carrierAttribute = "data-tsparallel-plotly";

/**
 * Whether a bundle's HTML carries plotly.js. Whoever replaces an output in place
 * (update_display_data) must not let the carrier disappear from the saved notebook:
 * if the output being replaced carried it, call resetPlotlyInlining() before rendering
 * the replacement, so that the replacement carries it in turn.
 */
export function carriesPlotly(bundle: Readonly<Record<string, unknown>>): boolean {
  const html = bundle["text/html"];
  // With the element's opening: figure data cannot produce it, as scriptJson escapes every `<`.
  return typeof html === "string" && html.includes(`<script type="text/javascript" ${carrierAttribute}=`);
}

export interface FigureHtmlOptions {
  /** Put plotly.js in this figure's HTML (the session's first figure). */
  inlinePlotly: boolean;
  /** The element id; random by default so that figures never collide in one page. */
  id?: string;
  source?: PlotlySource;
}

export function figureHtml(figure: FigureJson, options: FigureHtmlOptions): string {
  const id = options.id ?? `tsparallel-plot-${randomUUID()}`;
  const parts: string[] = [];
  if (options.inlinePlotly) parts.push(...plotlyScripts(options.source ?? plotlySource()));
  parts.push(plotArea(id, figure.layout), drawScript(id, figure));
  return `<div class="tsparallel-figure">\n${parts.join("\n")}\n</div>`;
}

function plotlyScripts(source: PlotlySource): string[] {
  const drainQueue =
    `(function () {\n` +
    `  var waiting = window.${queueName} || [];\n` +
    `  window.${queueName} = [];\n` +
    `  for (var i = 0; i < waiting.length; i++) waiting[i](window.Plotly);\n` +
    `})();`;
  return [
    `<script type="text/javascript" ${carrierAttribute}="${escapeHtml(source.version)}">/* plotly.js ${source.version}, sent once per kernel session */\n${source.script}\n</script>`,
    `<script type="text/javascript">${drainQueue}</script>`,
  ];
}

function plotArea(id: string, layout: Record<string, unknown>): string {
  const height = typeof layout.height === "number" ? layout.height : defaultHeightPx;
  const width = typeof layout.width === "number" ? `${layout.width}px` : "100%";
  // Shown until plotly.js draws over it: what a reader sees where scripts do not run
  // (an untrusted notebook, a static viewer) or where the figure that carried plotly.js
  // is missing from the page (its output cleared, or only this one copied).
  const waiting = escapeHtml(
    "Plot not drawn yet: plotly.js draws it, and the first figure of this kernel session carries plotly.js. " +
      "If this stays, trust the notebook (untrusted outputs run no scripts) or re-run the cell of the first figure; " +
      "resetPlotlyInlining() makes the next figure carry it again.",
  );
  return (
    `<div id="${escapeHtml(id)}" class="tsparallel-plot" style="width: ${width}; height: ${height}px;">` +
    `<p style="color: #888; font-size: 0.9em;">${waiting}</p></div>`
  );
}

function drawScript(id: string, figure: FigureJson): string {
  return (
    `<script type="text/javascript">\n(function () {\n` +
    `  var id = ${scriptJson(id)};\n` +
    `  var figure = ${scriptJson(figure)};\n` +
    `  function draw(Plotly) {\n` +
    `    var element = document.getElementById(id);\n` +
    `    if (!element) return;\n` +
    `    element.textContent = "";\n` +
    `    Plotly.newPlot(element, figure.data, figure.layout, figure.config);\n` +
    `  }\n` +
    `  if (window.Plotly) draw(window.Plotly);\n` +
    `  else (window.${queueName} = window.${queueName} || []).push(draw);\n` +
    `})();\n</script>`
  );
}

/**
 * JSON as a JavaScript expression inside a `<script>` element: `<` only occurs in
 * JSON strings, where `\u003c` means the same, so no `</script>` or `<!--` can end or
 * derail the element; U+2028/U+2029 are escaped for pre-ES2019 engines.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
