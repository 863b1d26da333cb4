import type { Executor } from "../execution/types";
import { optionalField, ProtocolError, requireField } from "../protocol";
import { History, toRows } from "./history";
import { kernelInfoContent, type KernelIdentity } from "./kernel-info";
import type { RequestScope } from "./outbox";

/** The requests answered from the executor or kernel state without running a cell. */

export function handleKernelInfo(scope: RequestScope, identity: KernelIdentity): void {
  scope.reply("kernel_info_reply", { ...kernelInfoContent(identity) });
}

/** https://jupyter-client.readthedocs.io/en/stable/messaging.html#completion */
export function handleComplete(scope: RequestScope, executor: Executor): void {
  const code = requireField(scope.request.content, "code", "string", "complete_request");
  const cursorPos = optionalField(scope.request.content, "cursor_pos", "number", "complete_request", code.length);
  const outcome = executor.complete(code, cursorPos);
  scope.reply("complete_reply", {
    status: "ok",
    matches: outcome.matches,
    cursor_start: outcome.cursorStart,
    cursor_end: outcome.cursorEnd,
    metadata: outcome.metadata,
  });
}

/** https://jupyter-client.readthedocs.io/en/stable/messaging.html#introspection */
export function handleInspect(scope: RequestScope, executor: Executor): void {
  const code = requireField(scope.request.content, "code", "string", "inspect_request");
  const cursorPos = optionalField(scope.request.content, "cursor_pos", "number", "inspect_request", code.length);
  const detail = optionalField(scope.request.content, "detail_level", "number", "inspect_request", 0) >= 1 ? 1 : 0;
  const outcome = executor.inspect(code, cursorPos, detail);
  scope.reply("inspect_reply", { status: "ok", found: outcome.found, data: outcome.found ? outcome.data : {}, metadata: {} });
}

/** https://jupyter-client.readthedocs.io/en/stable/messaging.html#code-completeness */
export function handleIsComplete(scope: RequestScope, executor: Executor): void {
  const code = requireField(scope.request.content, "code", "string", "is_complete_request");
  const outcome = executor.isComplete(code);
  const content: Record<string, unknown> = { status: outcome.status };
  if (outcome.status === "incomplete") content.indent = outcome.indent ?? "";
  scope.reply("is_complete_reply", content);
}

/** https://jupyter-client.readthedocs.io/en/stable/messaging.html#history */
export function handleHistory(scope: RequestScope, history: History): void {
  const content = scope.request.content;
  const type = requireField(content, "hist_access_type", "string", "history_request");
  const output = optionalField(content, "output", "boolean", "history_request", false);
  const n = optionalField(content, "n", "number", "history_request", Number.NaN);
  const limit = Number.isNaN(n) ? undefined : n;
  let entries;
  if (type === "tail") {
    entries = history.tail(limit ?? 10);
  } else if (type === "range") {
    const session = optionalField(content, "session", "number", "history_request", 0);
    const start = optionalField(content, "start", "number", "history_request", 1);
    const stop = optionalField(content, "stop", "number", "history_request", Number.NaN);
    entries = history.range(session, start, Number.isNaN(stop) ? undefined : stop);
  } else if (type === "search") {
    const pattern = optionalField(content, "pattern", "string", "history_request", "*");
    const unique = optionalField(content, "unique", "boolean", "history_request", false);
    entries = history.search(pattern, limit, unique);
  } else {
    throw new ProtocolError(`history_request content.hist_access_type must be "range", "tail" or "search", not ${JSON.stringify(type)}`);
  }
  scope.reply("history_reply", { status: "ok", history: toRows(entries, output) });
}

/** No comms are registered: an empty map, under the reply type the spec names (tslab gets this wrong). */
export function handleCommInfo(scope: RequestScope): void {
  scope.reply("comm_info_reply", { status: "ok", comms: {} });
}
