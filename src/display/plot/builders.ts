import { Figure } from "./figure";
import type { PlotlyLayout, PlotlyTrace } from "./types";

type Numbers = readonly (number | null)[] | ArrayLike<number>;
type Categories = readonly (string | number)[] | ArrayLike<number>;
/** One series (`[1, 2, 3]`) or several by name (`{ measured: [...], ideal: [...] }`). */
export type SeriesInput = Numbers | Readonly<Record<string, Numbers>>;

export interface ChartOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  xLog?: boolean;
  yLog?: boolean;
  /** Name of a lone series (legend and text summary); defaults to `yTitle`. */
  name?: string;
  width?: number;
  height?: number;
  /** Any further plotly layout attributes, applied last. */
  layout?: PlotlyLayout;
  /**
   * Error bars by series name: each point's [low, high] range (the min and max of its runs),
   * drawn around the plotted value (the median); null for a point without a range.
   */
  ranges?: Readonly<Record<string, readonly (readonly [number, number] | null)[]>>;
}

export interface LineOptions extends ChartOptions {
  /** Draw points as well as lines; on by default, since sweeps have few points. */
  markers?: boolean;
  /** Series drawn dashed, e.g. `["ideal"]` for the ideal-speedup reference line. */
  dashed?: readonly string[];
}

export interface BarOptions extends ChartOptions {
  horizontal?: boolean;
  /** Print each bar's value on it. */
  labels?: boolean;
}

/**
 * Colours of the phases a parallel run's time splits into, the same in every chart so
 * that a reader learns them once. Other series get plotly's default colours.
 */
export const phaseColors: Readonly<Record<string, string>> = {
  queued: "#9e9e9e",
  dispatch: "#9e9e9e",
  transfer: "#ff9f40",
  compute: "#1f77b4",
  idle: "#d9d9d9",
};

/** `plot.line(workers, { measured, ideal }, { dashed: ["ideal"] })`: lines over a numeric or categorical x. */
export function line(x: Categories, series: SeriesInput, options: LineOptions = {}): Figure {
  const xs = toArray(x, "plot.line", "x");
  const dashed = new Set(options.dashed ?? []);
  const traces = namedSeries(series, xs.length, "plot.line", options).map(({ name, values }) => {
    const trace: PlotlyTrace = { type: "scatter", mode: options.markers === false ? "lines" : "lines+markers", name, x: xs, y: values };
    if (dashed.has(name)) trace.line = { dash: "dash" };
    addRange(trace, values, options.ranges?.[name]);
    return trace;
  });
  const layout = chartLayout(options);
  if (options.yLog) Object.assign(layout.yaxis ??= {}, logTicks(traces, options.ranges));
  // Worker counts and sizes are whole numbers: tick at the measured points, not at 1.2, 1.4...
  const ticks = xs.every((v) => typeof v === "number" && Number.isInteger(v)) && xs.length <= 12;
  if (ticks) layout.xaxis = { tickmode: "array", tickvals: xs, ...layout.xaxis };
  return new Figure(traces, layout);
}

/** `plot.bar(modes, times)` or `plot.bar(modes, { "1 worker": [...], "2 workers": [...] })`: grouped bars. */
export function bar(categories: Categories, series: SeriesInput, options: BarOptions = {}): Figure {
  return barFigure("plot.bar", "group", categories, series, options);
}

/**
 * `plot.stackedBar(["worker 0", "worker 1"], { queued, transfer, compute, idle }, { yTitle: "ms" })`:
 * one bar per category, split into parts; made for where each worker's time went.
 */
export function stackedBar(categories: Categories, parts: Readonly<Record<string, Numbers>>, options: BarOptions = {}): Figure {
  if (isNumbers(parts)) throw new TypeError("plot.stackedBar: parts must be named, e.g. { compute: [...], idle: [...] }");
  return barFigure("plot.stackedBar", "stack", categories, parts, options);
}

function barFigure(caller: string, barmode: "group" | "stack", categories: Categories, series: SeriesInput, options: BarOptions): Figure {
  const xs = toArray(categories, caller, "categories");
  const traces = namedSeries(series, xs.length, caller, options).map(({ name, values }) => {
    const trace: PlotlyTrace = options.horizontal
      ? { type: "bar", orientation: "h", name, x: values, y: xs }
      : { type: "bar", name, x: xs, y: values };
    if (phaseColors[name] && barmode === "stack") trace.marker = { color: phaseColors[name] };
    const range = options.ranges?.[name];
    addRange(trace, values, range, options.horizontal ? "error_x" : "error_y");
    // Inside the bar when it has an error bar, so that the label and the bar's whisker do not collide.
    if (options.labels) Object.assign(trace, { text: values.map(labelText), textposition: range ? "inside" : "auto" });
    return trace;
  });
  const layout = chartLayout(options, { barmode });
  if (options.yLog && !options.horizontal) Object.assign(layout.yaxis ??= {}, logTicks(traces, options.ranges));
  if (options.xLog && options.horizontal) Object.assign(layout.xaxis ??= {}, logTicks(traces, options.ranges, "x"));
  if (options.horizontal) [layout.xaxis, layout.yaxis] = [layout.yaxis, layout.xaxis];
  return new Figure(traces, layout);
}

/** Asymmetric error bars from each point's [low, high] range around its value. */
function addRange(trace: PlotlyTrace, values: readonly (number | null)[], range: readonly (readonly [number, number] | null)[] | undefined, key: "error_x" | "error_y" = "error_y"): void {
  if (!range) return;
  const above = values.map((value, i) => (value === null || !range[i] ? 0 : Math.max(0, range[i]![1] - value)));
  const below = values.map((value, i) => (value === null || !range[i] ? 0 : Math.max(0, value - range[i]![0])));
  Object.assign(trace, { [key]: { type: "data", symmetric: false, array: above, arrayminus: below, visible: true } });
}

/**
 * Ticks for a log axis at 1, 2 and 5 times each power of ten that the data spans, each
 * labelled in full: plotly's own minor log ticks print a bare "2" for 0.2 and for 20.
 */
export function logTicks(traces: readonly PlotlyTrace[], ranges?: ChartOptions["ranges"], axis: "x" | "y" = "y"): { tickvals: number[]; ticktext: string[] } | Record<string, never> {
  const values: number[] = [];
  for (const trace of traces) {
    for (const value of ((trace as Record<string, unknown>)[axis] as unknown[] | undefined) ?? []) if (typeof value === "number" && value > 0) values.push(value);
    for (const range of ranges?.[String(trace.name)] ?? []) if (range) values.push(...range.filter((v) => v > 0));
  }
  if (values.length === 0) return {};
  const low = Math.floor(Math.log10(Math.min(...values)));
  const high = Math.ceil(Math.log10(Math.max(...values)));
  const tickvals: number[] = [];
  for (let power = low; power <= high; power++) for (const mantissa of [1, 2, 5]) tickvals.push(Number((mantissa * 10 ** power).toPrecision(1)));
  const ticktext = tickvals.map((value) => (value >= 1e4 || value < 1e-3 ? value.toExponential(0) : String(value)));
  return { tickvals, ticktext };
}

function chartLayout(options: ChartOptions, extra: PlotlyLayout = {}): PlotlyLayout {
  const axis = (title: string | undefined, log: boolean | undefined) => ({
    ...(title !== undefined ? { title: { text: title } } : {}),
    ...(log ? { type: "log" as const } : {}),
  });
  return {
    ...(options.title !== undefined ? { title: { text: options.title } } : {}),
    xaxis: axis(options.xTitle, options.xLog),
    yaxis: axis(options.yTitle, options.yLog),
    ...(options.width !== undefined ? { width: options.width } : {}),
    ...(options.height !== undefined ? { height: options.height } : {}),
    ...extra,
    ...options.layout,
  };
}

function namedSeries(series: SeriesInput, length: number, caller: string, options: ChartOptions) {
  const entries: [string, Numbers][] = isNumbers(series)
    ? [[options.name ?? options.yTitle ?? "y", series]]
    : typeof series === "object" && series !== null
      ? Object.entries(series)
      : [];
  if (entries.length === 0) throw new TypeError(`${caller}: expected an array of numbers or an object of named arrays`);
  return entries.map(([name, values]) => {
    const array = toArray(values, caller, `series "${name}"`);
    if (array.length !== length) {
      throw new RangeError(`${caller}: series "${name}" has ${array.length} values but there are ${length} x values`);
    }
    array.forEach((value, index) => {
      if (value !== null && typeof value !== "number") {
        throw new TypeError(`${caller}: series "${name}"[${index}] is ${JSON.stringify(value)}, not a number`);
      }
    });
    return { name, values: array as (number | null)[] };
  });
}

function isNumbers(value: unknown): value is Numbers {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

function toArray<T>(values: readonly T[] | ArrayLike<T>, caller: string, what: string): T[] {
  if (!isNumbers(values)) throw new TypeError(`${caller}: ${what} must be an array`);
  return Array.from(values as ArrayLike<T>);
}

function labelText(value: number | null): string {
  if (value === null) return "";
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
}
