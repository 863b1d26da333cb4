import type { MimeBundle } from "../../src/cell/mime";
import type { OutputSink } from "../../src/execution/types";

/** An OutputSink that keeps everything a cell sent, for assertions. */
export class RecordingSink implements OutputSink {
  readonly streams: { name: "stdout" | "stderr"; text: string }[] = [];
  readonly displays: { data: MimeBundle; displayId?: string; update: boolean; metadata: Record<string, unknown> }[] = [];
  readonly clears: boolean[] = [];

  stream(name: "stdout" | "stderr", text: string): void {
    this.streams.push({ name, text });
  }

  display(data: MimeBundle, options: { metadata?: Record<string, unknown>; displayId?: string; update?: boolean } = {}): void {
    this.displays.push({ data, displayId: options.displayId, update: options.update ?? false, metadata: options.metadata ?? {} });
  }

  clearOutput(wait: boolean): void {
    this.clears.push(wait);
  }

  text(name: "stdout" | "stderr"): string {
    return this.streams
      .filter((entry) => entry.name === name)
      .map((entry) => entry.text)
      .join("");
  }
}
