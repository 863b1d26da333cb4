import type { MimeBundle } from "./mime";

/**
 * Where a running cell's output goes. The handler makes one per execute_request
 * and passes it with the request, so output from a cell can never land in
 * another request's reply (no module-level "current cell" global).
 */
export interface OutputSink {
  stream(name: "stdout" | "stderr", text: string): void;
  /** display_data, or update_display_data when `update` is set (needs displayId). */
  display(data: MimeBundle, options?: { metadata?: Record<string, unknown>; displayId?: string; update?: boolean }): void;
  clearOutput(wait: boolean): void;
}
