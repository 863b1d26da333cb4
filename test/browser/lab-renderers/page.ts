/**
 * Browser side of lab-renderers.test.ts, bundled by esbuild: renders notebook outputs
 * with JupyterLab's own output area and renderers — @jupyterlab/rendermime's standard
 * factories, marked as JupyterLab's markdown parser, and jupyterlab-plotly's MIME
 * renderer — and reports what each output became.
 */
import type * as nbformat from "@jupyterlab/nbformat";
import { OutputArea, OutputAreaModel } from "@jupyterlab/outputarea";
import { RenderMimeRegistry, standardRendererFactories } from "@jupyterlab/rendermime";
import { Widget } from "@lumino/widgets";
import plotlyExtensions from "jupyterlab-plotly/lib/plotly-renderer";
import { marked } from "marked";

export interface NotebookOutputs {
  name: string;
  cells: nbformat.IOutput[][];
}

/** What one output became on the page. */
export interface RenderedOutput {
  notebook: string;
  cell: number;
  /** The MIME types the kernel sent (for display_data and execute_result), or the output type. */
  sent: string[];
  /** The MIME type JupyterLab chose to render, from the renderer's `data-mime-type`. */
  rendered: string | null;
  /** JupyterLab's own failure text ("Javascript Error: ..."), if rendering failed. */
  failure: string | null;
  svgs: number;
  traces: number;
  tables: number;
  text: string;
}

declare global {
  interface Window {
    tsparallelNotebooks: NotebookOutputs[];
    tsparallelRendered?: RenderedOutput[];
    tsparallelRenderError?: string;
  }
}

const PLOTLY = "application/vnd.plotly.v1+json";

async function renderAll(): Promise<RenderedOutput[]> {
  const rendermime = new RenderMimeRegistry({
    initialFactories: standardRendererFactories,
    markdownParser: { render: (source: string) => Promise.resolve(marked.parse(source, { async: false })) },
  });
  // As JupyterLab registers a MIME extension (application's createRendermimePlugin): with the extension's rank.
  for (const extension of [plotlyExtensions].flat()) rendermime.addFactory(extension.rendererFactory, extension.rank);
  const areas: Array<{ notebook: string; cell: number; area: OutputArea; outputs: nbformat.IOutput[] }> = [];
  for (const notebook of window.tsparallelNotebooks) {
    const heading = document.createElement("h2");
    heading.textContent = notebook.name;
    document.body.appendChild(heading);
    notebook.cells.forEach((outputs, cell) => {
      // Outputs a user just produced in the session are trusted, as in JupyterLab.
      const model = new OutputAreaModel({ values: outputs, trusted: true });
      const area = new OutputArea({ model, rendermime });
      Widget.attach(area, document.body);
      areas.push({ notebook: notebook.name, cell, area, outputs });
    });
  }
  await settle();
  const rendered: RenderedOutput[] = [];
  for (const { notebook, cell, area, outputs } of areas) {
    const nodes = Array.from(area.node.querySelectorAll(":scope > .jp-OutputArea-child .jp-OutputArea-output"));
    outputs.forEach((output, index) => {
      const node = nodes[index];
      const data = (output as nbformat.IDisplayData).data;
      const failure = node?.querySelector("pre")?.textContent ?? "";
      rendered.push({
        notebook,
        cell,
        sent: data ? Object.keys(data) : [output.output_type],
        rendered: renderedMimeType(node),
        failure: failure.startsWith("Javascript Error") ? failure : null,
        svgs: node?.querySelectorAll("svg.main-svg").length ?? 0,
        traces: node?.querySelectorAll(".trace").length ?? 0,
        tables: node?.querySelectorAll("table").length ?? 0,
        text: (node?.textContent ?? "").slice(0, 200),
      });
    });
  }
  return rendered;
}

/**
 * The MIME type a renderer drew: the standard renderers mark their node with it;
 * jupyterlab-plotly's marks its node with its class only.
 */
function renderedMimeType(node: Element | undefined): string | null {
  if (!node) return null;
  if (node.classList.contains("jp-RenderedPlotly")) return PLOTLY;
  return node.getAttribute("data-mime-type");
}

/** Waits until every plotly renderer has drawn (plotly.js is loaded on first use), or 20 s. */
async function settle(): Promise<void> {
  const deadline = performance.now() + 20_000;
  while (performance.now() < deadline) {
    const plots = Array.from(document.querySelectorAll(".jp-RenderedPlotly"));
    if (plots.every((plot) => plot.querySelector("svg.main-svg") !== null)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}

renderAll().then(
  (rendered) => (window.tsparallelRendered = rendered),
  (error: unknown) => (window.tsparallelRenderError = error instanceof Error ? (error.stack ?? error.message) : String(error)),
);
