import { jupyterDisplaySymbol, type MimeBundle, type RichDisplayable } from "../cell/mime";

/** A column of a {@link Table}: which field of each row, its header, and how to show a value. */
export interface ColumnSpec {
  key: string;
  label?: string;
  /** Turns a cell's value into text; defaults to {@link formatCell}. */
  format?: (value: unknown, row: Readonly<Record<string, unknown>>) => string;
  /** Numbers read best right-aligned (digits line up); text left-aligned. Defaults by the first value's type. */
  align?: "left" | "right";
}

export interface TableOptions {
  caption?: string;
}

type Row = Readonly<Record<string, unknown>>;

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Default cell text: integers as they are, other numbers to 4 significant digits
 * (timings are noisy past that), missing values as an empty cell.
 */
export function formatCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "number") {
    if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
    return String(Number(value.toPrecision(4)));
  }
  return String(value);
}

interface ResolvedColumn {
  key: string;
  label: string;
  format: (value: unknown, row: Row) => string;
  align: "left" | "right";
}

/**
 * Rows of records shown as a table: aligned columns in text/plain, a `<table>` in
 * text/html. Used for the comparison of modes (time, speedup, efficiency, GFLOP/s).
 */
export class Table implements RichDisplayable {
  readonly rows: readonly Row[];
  readonly columns: readonly ResolvedColumn[];
  readonly caption: string | undefined;

  constructor(rows: readonly Row[], columns?: readonly (string | ColumnSpec)[], options: TableOptions = {}) {
    if (!Array.isArray(rows)) throw new TypeError("table: rows must be an array of objects");
    rows.forEach((row, index) => {
      if (row === null || typeof row !== "object") throw new TypeError(`table: row ${index} is not an object`);
    });
    this.rows = rows;
    this.columns = resolveColumns(rows, columns);
    this.caption = options.caption;
  }

  /** The cell texts, header first: what both renderings show. */
  cells(): string[][] {
    const header = this.columns.map((c) => c.label);
    const body = this.rows.map((row) => this.columns.map((c) => c.format(row[c.key], row)));
    return [header, ...body];
  }

  toText(): string {
    const [header, ...body] = this.cells();
    const widths = this.columns.map((_, i) => Math.max(header[i].length, ...body.map((r) => r[i].length)));
    const pad = (text: string, i: number) =>
      this.columns[i].align === "right" ? text.padStart(widths[i]) : text.padEnd(widths[i]);
    const line = (cells: string[]) => cells.map(pad).join("  ").trimEnd();
    const lines = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)];
    return (this.caption ? [this.caption, ...lines] : lines).join("\n");
  }

  toHtml(): string {
    const [header, ...body] = this.cells();
    const style = (i: number) => `style="text-align: ${this.columns[i].align}"`;
    const row = (tag: "th" | "td", cells: string[]) =>
      `<tr>${cells.map((text, i) => `<${tag} ${style(i)}>${escapeHtml(text)}</${tag}>`).join("")}</tr>`;
    const caption = this.caption ? `<caption>${escapeHtml(this.caption)}</caption>` : "";
    return [
      `<table class="tsparallel-table">`,
      caption,
      `<thead>${row("th", header)}</thead>`,
      `<tbody>${body.map((cells) => row("td", cells)).join("")}</tbody>`,
      `</table>`,
    ].join("");
  }

  [jupyterDisplaySymbol](): MimeBundle {
    return { "text/plain": this.toText(), "text/html": this.toHtml() };
  }
}

function resolveColumns(rows: readonly Row[], columns: readonly (string | ColumnSpec)[] | undefined): ResolvedColumn[] {
  const specs: ColumnSpec[] = (columns ?? keysInOrder(rows)).map((c) => (typeof c === "string" ? { key: c } : c));
  return specs.map((spec, index) => {
    if (!spec || typeof spec.key !== "string") throw new TypeError(`table: column ${index} needs a string key`);
    const first = rows.find((r) => r[spec.key] !== undefined && r[spec.key] !== null)?.[spec.key];
    return {
      key: spec.key,
      label: spec.label ?? spec.key,
      format: spec.format ?? formatCell,
      align: spec.align ?? (typeof first === "number" ? "right" : "left"),
    };
  });
}

/** Every key that appears in any row, in order of first appearance. */
function keysInOrder(rows: readonly Row[]): string[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) keys.add(key);
  return [...keys];
}

/** `table(rows, columns?)`: a displayable table; `columns` picks, orders, labels and formats fields. */
export function table(rows: readonly Row[], columns?: readonly (string | ColumnSpec)[], options?: TableOptions): Table {
  return new Table(rows, columns, options);
}

/**
 * Cell formatters for the comparison of modes, e.g.
 * `table(rows, [{ key: "time", format: formats.seconds }, { key: "speedup", format: formats.times }])`.
 */
export const formats = {
  /** Seconds in the unit IPython's %timeit picks: `1.23 s`, `45.6 ms`, `789 µs`, `12 ns`. */
  seconds(value: unknown): string {
    if (typeof value !== "number" || !Number.isFinite(value)) return formatCell(value);
    const units: [number, string][] = [[1, "s"], [1e-3, "ms"], [1e-6, "µs"], [1e-9, "ns"]];
    const [scale, unit] = units.find(([s]) => Math.abs(value) >= s) ?? units[units.length - 1];
    return `${Number((value / scale).toPrecision(3))} ${unit}`;
  },
  /** A ratio such as a speedup: `1.76×`. */
  times(value: unknown): string {
    return typeof value === "number" && Number.isFinite(value) ? `${Number(value.toPrecision(3))}×` : formatCell(value);
  },
  /** A fraction as a percentage: `0.881` → `88%`. */
  percent(value: unknown): string {
    return typeof value === "number" && Number.isFinite(value) ? `${Math.round(value * 100)}%` : formatCell(value);
  },
  /** GFLOP/s to three significant digits. */
  gflops(value: unknown): string {
    return typeof value === "number" && Number.isFinite(value) ? `${Number(value.toPrecision(3))} GFLOP/s` : formatCell(value);
  },
};
