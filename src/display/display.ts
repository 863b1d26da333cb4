import { randomUUID } from "node:crypto";
import { currentCell, type CellContext } from "../cell/context";
import { mimeBundleOf, plainText } from "./bundle";
import type { MimeBundle } from "../cell/mime";

export interface DisplayOptions {
  /** Per-MIME-type metadata, e.g. `{ "image/png": { width: 320 } }`. */
  metadata?: Record<string, unknown>;
}

type Render<T> = (content: T) => MimeBundle;

/**
 * What `display(...)` returns: the output's display_id, and `update` to replace that output
 * in place (update_display_data), from the same cell, a later cell, or a timer.
 * Produces no execute_result when it is a cell's last expression.
 */
export class DisplayHandle<T = unknown> {
  constructor(
    readonly displayId: string,
    private readonly render: Render<T>,
    private readonly origin: CellContext,
    private readonly options: DisplayOptions,
  ) {}

  /** Shows `content` in place of what this handle displayed. */
  update(content: T, options: DisplayOptions = this.options): void {
    // Sent with the current cell when there is one (the front end updates every output
    // with this display_id wherever it is), else with the cell that created the display.
    const cell = currentCell() ?? this.origin;
    cell.sink.display(this.render(content), { metadata: options.metadata ?? {}, displayId: this.displayId, update: true });
  }
}

function requireCell(what: string): CellContext {
  const cell = currentCell();
  if (!cell) throw new Error(`${what} can only be called while a notebook cell is running`);
  return cell;
}

function show<T>(what: string, render: Render<T>, content: T, options: DisplayOptions = {}): DisplayHandle<T> {
  const cell = requireCell(what);
  const handle = new DisplayHandle(randomUUID(), render, cell, options);
  cell.sink.display(render(content), { metadata: options.metadata ?? {}, displayId: handle.displayId });
  return handle;
}

const renderers = {
  html: (html: string): MimeBundle => ({ "text/html": html, "text/plain": "<HTML>" }),
  markdown: (markdown: string): MimeBundle => ({ "text/markdown": markdown, "text/plain": markdown }),
  svg: (svg: string): MimeBundle => ({ "image/svg+xml": svg, "text/plain": "<SVG image>" }),
  png: (image: Uint8Array | string): MimeBundle => ({ "image/png": pngBase64(image), "text/plain": "<PNG image>" }),
  json: (value: unknown): MimeBundle => ({ "application/json": toJson(value), "text/plain": plainText(value) }),
  mime: (bundle: MimeBundle): MimeBundle => {
    if (typeof bundle !== "object" || bundle === null || Array.isArray(bundle)) {
      throw new TypeError("display.mime expects an object of MIME type → data");
    }
    return { ...bundle };
  },
};

/** PNG data as Jupyter carries it: base64 without a data: URL prefix. */
function pngBase64(image: Uint8Array | string): string {
  if (typeof image === "string") return image.replace(/^data:image\/png;base64,/, "");
  return Buffer.from(image.buffer, image.byteOffset, image.byteLength).toString("base64");
}

/** application/json must be JSON-serialisable data; round-trip to drop what JSON cannot carry. */
function toJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError("display.json expects a JSON-serialisable value");
  return JSON.parse(text);
}

export interface Display {
  /** Shows a value as the cell's last expression would: its Jupyter.display bundle, else text/plain. */
  <T>(value: T, options?: DisplayOptions): DisplayHandle<T>;
  html(html: string, options?: DisplayOptions): DisplayHandle<string>;
  markdown(markdown: string, options?: DisplayOptions): DisplayHandle<string>;
  svg(svg: string, options?: DisplayOptions): DisplayHandle<string>;
  /** PNG bytes, or their base64 text. */
  png(image: Uint8Array | string, options?: DisplayOptions): DisplayHandle<Uint8Array | string>;
  json(value: unknown, options?: DisplayOptions): DisplayHandle<unknown>;
  /** A raw MIME bundle, e.g. `{ "text/latex": "$x^2$" }`. */
  mime(bundle: MimeBundle, options?: DisplayOptions): DisplayHandle<MimeBundle>;
}

/**
 * Rich output from inside a cell (display_data), written to the running cell's output
 * through the cell context; throws when no cell is running.
 */
export const display: Display = Object.assign(
  <T>(value: T, options?: DisplayOptions) => show("display()", (content: T) => mimeBundleOf(content), value, options),
  {
    html: (html: string, options?: DisplayOptions) => show("display.html()", renderers.html, html, options),
    markdown: (markdown: string, options?: DisplayOptions) => show("display.markdown()", renderers.markdown, markdown, options),
    svg: (svg: string, options?: DisplayOptions) => show("display.svg()", renderers.svg, svg, options),
    png: (image: Uint8Array | string, options?: DisplayOptions) => show("display.png()", renderers.png, image, options),
    json: (value: unknown, options?: DisplayOptions) => show("display.json()", renderers.json, value, options),
    mime: (bundle: MimeBundle, options?: DisplayOptions) => show("display.mime()", renderers.mime, bundle, options),
  },
);

/**
 * Clears the running cell's output (clear_output). With `wait`, the front end clears only
 * when the next output arrives, which avoids flicker in loops that redraw.
 */
export function clearOutput(options: { wait?: boolean } = {}): void {
  requireCell("clearOutput()").sink.clearOutput(options.wait ?? false);
}
