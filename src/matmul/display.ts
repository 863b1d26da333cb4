import type { MimeBundle } from "../cell/mime";
import type { MatrixData } from "./view";

/** Rows and columns shown at each corner, like numpy's summarised repr. */
const EDGE_ITEMS = 3;

function visibleIndices(count: number): Array<number | "…"> {
  if (count <= 2 * EDGE_ITEMS) return Array.from({ length: count }, (_, i) => i);
  const head = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
  const tail = Array.from({ length: EDGE_ITEMS }, (_, i) => count - EDGE_ITEMS + i);
  return [...head, "…", ...tail];
}

function formatValue(value: number): string {
  return value.toPrecision(6).replace(/(\.\d*?)0+($|e)/, "$1$2").replace(/\.($|e)/, "$1");
}

function cornerCells(m: MatrixData): string[][] {
  const rowIdx = visibleIndices(m.rows);
  const colIdx = visibleIndices(m.cols);
  return rowIdx.map((i) =>
    colIdx.map((j) => (i === "…" || j === "…" ? "…" : formatValue(m.data[i * m.cols + j]!))),
  );
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** text/plain and text/html for a notebook: the shape and a corner of the values. */
export function matrixMimeBundle(m: MatrixData): MimeBundle {
  const title = `Matrix ${m.rows}×${m.cols} float64`;
  const cells = cornerCells(m);
  const width = Math.max(1, ...cells.flat().map((c) => c.length));
  const plainRows = cells.map((row) => "  " + row.map((c) => c.padStart(width)).join("  "));
  const plain = [title, ...plainRows].join("\n");
  const htmlRows = cells
    .map((row) => "<tr>" + row.map((c) => `<td>${escapeHtml(c)}</td>`).join("") + "</tr>")
    .join("");
  const html =
    `<div class="tsparallel-matrix"><div><b>${escapeHtml(title)}</b></div>` +
    (cells.length > 0 ? `<table>${htmlRows}</table>` : "") +
    `</div>`;
  return { "text/plain": plain, "text/html": html };
}
