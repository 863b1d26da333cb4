import type { OutputSink } from "../execution/types";
import type { RequestScope } from "./outbox";

/**
 * How much text one cell may print before the rest is cut, with a note saying
 * how much was cut. Beyond this a notebook page cannot show the text anyway,
 * and a saved notebook would carry it; 30 MB of prints are still shown whole.
 */
export const CELL_TEXT_LIMIT_CHARS = 64_000_000;

/** A cell's sink, plus the note it owes when the cell ends. */
export interface CellOutputSink extends OutputSink {
  /** Says how much printed text the limit cut, if any; called when the cell's run ends. */
  finish(): void;
}

/**
 * A cell's output, published on iopub with that cell's request as parent —
 * including output from callbacks the cell scheduled, which still hold this sink.
 * https://jupyter-client.readthedocs.io/en/stable/messaging.html#messages-on-the-iopub-pub-sub-channel
 */
export function createOutputSink(scope: RequestScope, textLimitChars: number = CELL_TEXT_LIMIT_CHARS): CellOutputSink {
  let shown = 0;
  let cut = 0;
  return {
    stream(name, text) {
      if (text === "") return;
      if (cut > 0) {
        cut += text.length;
        return;
      }
      const room = textLimitChars - shown;
      if (text.length <= room) {
        shown += text.length;
        scope.stream(name, text);
        return;
      }
      if (room > 0) scope.stream(name, text.slice(0, room));
      shown = textLimitChars;
      cut = text.length - room;
      scope.stream("stderr", `\n[output cut: this cell printed more than ${formatChars(textLimitChars)}; the rest is not shown]\n`);
    },
    display(data, options = {}) {
      const content: Record<string, unknown> = { data, metadata: options.metadata ?? {} };
      if (options.displayId !== undefined) content.transient = { display_id: options.displayId };
      const msgType = options.update && options.displayId !== undefined ? "update_display_data" : "display_data";
      scope.publish(msgType, content);
    },
    clearOutput(wait) {
      scope.publish("clear_output", { wait });
    },
    finish() {
      if (cut > 0) scope.stream("stderr", `[output cut: ${formatChars(cut)} more were not shown]\n`);
    },
  };
}

function formatChars(chars: number): string {
  return chars >= 1e6 ? `${(chars / 1e6).toFixed(1)} million characters` : `${chars} characters`;
}
