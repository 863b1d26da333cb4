import { currentCell } from "../../cell/context";
import { mimeBundleOf } from "../bundle";
import { display, type DisplayHandle } from "../display";
import type { MimeBundle } from "../../cell/mime";
import { escapeHtml } from "../table";

/** Where a progress display goes: shown once, then replaced in place (one display id). */
export interface ProgressOutput {
  show(bundle: MimeBundle): void;
  update(bundle: MimeBundle): void;
}

export interface ProgressOptions {
  label?: string;
  /**
   * Fewest milliseconds between two updates sent to the front end. Each update is an
   * iopub message that the front end re-renders, so a sweep of thousands of steps must
   * not send one per step; the last step is always sent.
   */
  minIntervalMs?: number;
  /** Defaults to the running cell's output; without a cell (a plain script) progress is silent. */
  output?: ProgressOutput;
  now?: () => number;
}

const barWidth = 20;

/**
 * A progress display for a long sweep: `advance()` after each step updates it with
 * update_display_data; `finish(result)` replaces it with the result (a figure, a table).
 */
export class Progress {
  readonly total: number;
  readonly label: string;
  private done = 0;
  private detail = "";
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private finished = false;
  private readonly output: ProgressOutput | undefined;
  private readonly minIntervalMs: number;
  private readonly now: () => number;

  constructor(total: number, options: ProgressOptions = {}) {
    if (!Number.isInteger(total) || total < 0) throw new RangeError(`progress: total must be a whole number >= 0, got ${total}`);
    this.total = total;
    this.label = options.label ?? "progress";
    this.output = options.output ?? cellOutput();
    this.minIntervalMs = options.minIntervalMs ?? 200;
    this.now = options.now ?? (() => performance.now());
    this.output?.show(this.bundle());
    this.lastSentAt = this.now();
  }

  get completed(): number {
    return this.done;
  }

  /** Counts `steps` more steps done; `detail` says which (e.g. "grain 64"). */
  advance(steps = 1, detail?: string): void {
    this.set(this.done + steps, detail);
  }

  set(done: number, detail?: string): void {
    if (this.finished) return;
    this.done = Math.min(Math.max(0, done), this.total);
    if (detail !== undefined) this.detail = detail;
    const now = this.now();
    if (this.done === this.total || now - this.lastSentAt >= this.minIntervalMs) {
      this.output?.update(this.bundle());
      this.lastSentAt = now;
    }
  }

  /** Replaces the progress display with `result`, or with nothing when no result is given. */
  finish(result?: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.output?.update(result === undefined ? { "text/plain": "" } : mimeBundleOf(result));
  }

  bundle(): MimeBundle {
    const fraction = this.total === 0 ? 1 : this.done / this.total;
    const percent = Math.floor(fraction * 100);
    const filled = Math.round(fraction * barWidth);
    const bar = `[${"#".repeat(filled)}${" ".repeat(barWidth - filled)}]`;
    const detail = this.detail ? ` · ${this.detail}` : "";
    const counts = `${this.done}/${this.total} (${percent}%)`;
    return {
      "text/plain": `${this.label}: ${bar} ${counts}${detail}`,
      "text/html":
        `<div class="tsparallel-progress"><progress value="${this.done}" max="${Math.max(this.total, 1)}" style="width: 20em;"></progress> ` +
        `<span>${escapeHtml(`${this.label}: ${counts}${detail}`)}</span></div>`,
    };
  }
}

export function progress(total: number, options?: ProgressOptions): Progress {
  return new Progress(total, options);
}

export interface SweepOptions<R> extends ProgressOptions {
  /** Stops the sweep between steps; defaults to the running cell's interrupt signal. */
  signal?: AbortSignal;
  /** What replaces the progress display once every step is done, e.g. `(times) => plot.line(...)`. */
  result?: (results: R[]) => unknown;
  /** Text shown next to the bar for each item; defaults to the item itself. */
  describe?: (item: unknown, index: number) => string;
}

/**
 * Runs `step` on each item in turn with a progress display, then replaces the display
 * with `options.result(results)`. Steps run one after another: a timing sweep must not
 * measure its points concurrently. An interrupt stops it before the next step (the
 * signal's reason is thrown: KeyboardInterrupt for a cell's interrupt).
 */
export async function withProgress<T, R>(
  items: Iterable<T>,
  step: (item: T, index: number) => R | Promise<R>,
  options: SweepOptions<R> = {},
): Promise<R[]> {
  const list = [...items];
  const bar = new Progress(list.length, options);
  const describe = options.describe ?? ((item: unknown) => String(item));
  const signal = options.signal ?? currentCell()?.signal;
  const results: R[] = [];
  try {
    for (const [index, item] of list.entries()) {
      signal?.throwIfAborted();
      results.push(await step(item, index));
      bar.advance(1, describe(item, index));
    }
  } catch (error) {
    bar.finish();
    throw error;
  }
  bar.finish(options.result ? options.result(results) : undefined);
  return results;
}

/** The running cell's output through `display.mime` and its handle; none outside a cell. */
function cellOutput(): ProgressOutput | undefined {
  if (!currentCell()) return undefined;
  let handle: DisplayHandle<MimeBundle> | undefined;
  return {
    show: (bundle) => {
      handle = display.mime(bundle);
    },
    update: (bundle) => handle?.update(bundle),
  };
}
