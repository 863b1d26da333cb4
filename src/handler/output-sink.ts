import type { OutputSink } from "../execution/types";
import type { RequestScope } from "./outbox";

/**
 * A cell's output, published on iopub with that cell's request as parent —
 * including output from callbacks the cell scheduled, which still hold this sink.
 * https://jupyter-client.readthedocs.io/en/stable/messaging.html#messages-on-the-iopub-pub-sub-channel
 */
export function createOutputSink(scope: RequestScope): OutputSink {
  return {
    stream(name, text) {
      if (text !== "") scope.publish("stream", { name, text });
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
  };
}
