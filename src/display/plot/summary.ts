import type { FigureJson } from "./types";

const shownValues = 6;

/**
 * The text/plain form of a figure: what a terminal client, a test or a reader of the
 * raw .ipynb sees. Title, axis titles, then one line per trace with values abbreviated.
 */
export function summarizeFigure(figure: FigureJson): string {
  const lines = [`Figure: ${titleText(figure.layout.title) ?? "(untitled)"}`];
  const axes = [axisLine("x", figure.layout.xaxis), axisLine("y", figure.layout.yaxis)].filter(Boolean);
  if (axes.length > 0) lines.push(`  axes: ${axes.join(", ")}`);
  figure.data.forEach((trace, index) => lines.push(`  ${traceLine(trace, index)}`));
  if (figure.data.length === 0) lines.push("  (no traces)");
  return lines.join("\n");
}

function traceLine(trace: Record<string, unknown>, index: number): string {
  const type = typeof trace.type === "string" ? trace.type : "scatter";
  const name = typeof trace.name === "string" ? `"${trace.name}"` : `trace ${index + 1}`;
  const values = (["x", "y"] as const)
    .filter((axis) => Array.isArray(trace[axis]))
    .map((axis) => `${axis} = ${abbreviate(trace[axis] as unknown[])}`);
  return [`${type} ${name}`, values.join(", ")].filter(Boolean).join(": ");
}

/** `[1, 2, 3, …, 9, 10] (10 values)`: the ends of a long sweep are what a reader checks. */
export function abbreviate(values: readonly unknown[]): string {
  const text = values.map(formatValue);
  if (text.length <= shownValues) return `[${text.join(", ")}]`;
  const head = text.slice(0, shownValues - 2);
  const tail = text.slice(-2);
  return `[${[...head, "…", ...tail].join(", ")}] (${values.length} values)`;
}

function formatValue(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  if (value === null || value === undefined) return "null";
  return String(value);
}

function titleText(title: unknown): string | undefined {
  if (typeof title === "string") return title;
  if (title && typeof title === "object" && typeof (title as { text?: unknown }).text === "string") {
    return (title as { text: string }).text;
  }
  return undefined;
}

function axisLine(axis: "x" | "y", spec: unknown): string | undefined {
  if (!spec || typeof spec !== "object") return undefined;
  const title = titleText((spec as { title?: unknown }).title);
  const log = (spec as { type?: unknown }).type === "log" ? " (log)" : "";
  return title ? `${axis} = ${title}${log}` : log ? `${axis}${log}` : undefined;
}
