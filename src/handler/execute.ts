import type { Executor, ExecuteOutcome } from "../execution/types";
import { optionalField, requireField } from "../protocol";
import type { History } from "./history";
import type { RequestScope } from "./outbox";
import { createOutputSink, type CellOutputSink } from "./output-sink";

/** The execution counter: the number of cells run with store_history, as IPython counts In[n]. */
export class ExecutionCounter {
  value = 0;
  reset(): void {
    this.value = 0;
  }
}

export interface ExecuteDeps {
  executor(): Executor;
  counter: ExecutionCounter;
  history: History;
  /**
   * Called when a cell failed with stop_on_error, before its reply is sent:
   * the requests to abort are those that arrived before the client could have
   * seen the error, so the decision must precede the reply.
   */
  abortQueued(): Promise<void>;
  cellTextLimitChars?: number;
}

/**
 * execute_request, per https://jupyter-client.readthedocs.io/en/stable/messaging.html#execute
 * - `silent`: no execute_input / execute_result broadcast, count not incremented, store_history forced off;
 * - `store_history`: the count advances and the input is kept for history_request;
 * - the error goes out twice in protocol form: iopub `error` and the reply's ename/evalue/traceback.
 */
export async function handleExecute(scope: RequestScope, deps: ExecuteDeps): Promise<void> {
  const content = scope.request.content;
  const code = requireField(content, "code", "string", "execute_request");
  const silent = optionalField(content, "silent", "boolean", "execute_request", false);
  const storeHistory = !silent && optionalField(content, "store_history", "boolean", "execute_request", true);
  const stopOnError = optionalField(content, "stop_on_error", "boolean", "execute_request", true);

  if (storeHistory) deps.counter.value += 1;
  const count = deps.counter.value;
  if (!silent) scope.publish("execute_input", { code, execution_count: count });
  if (storeHistory) deps.history.record(count, code);

  // Tracebacks name the cell as the notebook numbers it (IPython: "Cell In[3]").
  const cellName = storeHistory ? `<cell ${count}>` : "<cell>";
  const outcome = await runCell(deps.executor(), code, createOutputSink(scope, deps.cellTextLimitChars), cellName);
  if (outcome.status === "ok") {
    if (outcome.result && !silent) {
      scope.publish("execute_result", { execution_count: count, data: outcome.result.data, metadata: outcome.result.metadata });
      const text = outcome.result.data["text/plain"];
      if (storeHistory && typeof text === "string") deps.history.setOutput(count, text);
    }
    scope.reply("execute_reply", { status: "ok", execution_count: count, user_expressions: {}, payload: [] }, { status: "ok" });
    return;
  }
  const error = { ename: outcome.ename, evalue: outcome.evalue, traceback: outcome.traceback };
  scope.publish("error", error);
  if (stopOnError) await deps.abortQueued();
  scope.reply("execute_reply", { status: "error", execution_count: count, ...error }, { status: "error" });
}

/** A throw from the executor itself (a defect, not a cell error) still reaches the notebook as an error. */
async function runCell(executor: Executor, code: string, sink: CellOutputSink, cellName: string): Promise<ExecuteOutcome> {
  try {
    return await executor.execute(code, sink, { cellName });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { status: "error", ename: e.name, evalue: e.message, traceback: (e.stack ?? `${e.name}: ${e.message}`).split("\n") };
  } finally {
    sink.finish();
  }
}

/** The reply to an execute_request dropped because an earlier cell failed with stop_on_error. */
export function replyAborted(scope: RequestScope, counter: ExecutionCounter): void {
  scope.reply("execute_reply", { status: "aborted", execution_count: counter.value }, { status: "aborted" });
}
