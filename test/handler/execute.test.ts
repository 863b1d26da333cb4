import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createHandlerDeps } from "./harness";

const kinds = (h: ReturnType<typeof createHandlerDeps>, id: string) => h.about(id).map((s) => `${s.channel}:${s.msgType}${s.msgType === "status" ? `:${s.content.execution_state}` : ""}`);

describe("execute_request", () => {
  it("publishes busy, execute_input, output, execute_result, then replies, then idle", async () => {
    const h = createHandlerDeps();
    const id = h.shell("execute_request", { code: "6*7" });
    await h.handler.drained();
    assert.deepEqual(kinds(h, id), ["iopub:status:busy", "iopub:execute_input", "iopub:execute_result", "shell:execute_reply", "iopub:status:idle"]);
    const result = h.about(id).find((s) => s.msgType === "execute_result")!;
    assert.deepEqual(result.content, { execution_count: 1, data: { "text/plain": "6*7" }, metadata: {} });
    assert.deepEqual(h.replyTo(id).content, { status: "ok", execution_count: 1, user_expressions: {}, payload: [] });
  });

  it("counts only cells stored in history; silent cells broadcast no input or result", async () => {
    const h = createHandlerDeps();
    const first = h.shell("execute_request", { code: "a" });
    const silent = h.shell("execute_request", { code: "b", silent: true });
    const unstored = h.shell("execute_request", { code: "c", store_history: false });
    const second = h.shell("execute_request", { code: "d" });
    await h.handler.drained();
    assert.equal(h.replyTo(first).content.execution_count, 1);
    assert.equal(h.replyTo(silent).content.status, "ok");
    assert.deepEqual(kinds(h, silent), ["iopub:status:busy", "shell:execute_reply", "iopub:status:idle"]);
    assert.equal(h.replyTo(unstored).content.execution_count, 1, "store_history false does not advance the count");
    assert.equal(h.replyTo(second).content.execution_count, 2);
    assert.deepEqual(h.executor().executed, ["a", "b", "c", "d"]);
  });

  it("sends a cell error as iopub error and an error reply with ename, evalue and traceback", async () => {
    const h = createHandlerDeps();
    const id = h.shell("execute_request", { code: "fail", stop_on_error: false });
    await h.handler.drained();
    const error = h.about(id).find((s) => s.msgType === "error")!;
    assert.deepEqual(error.content, { ename: "Error", evalue: "failed", traceback: ["Error: failed", "    at cell:1:1"] });
    assert.deepEqual(h.replyTo(id).content, { status: "error", execution_count: 1, ename: "Error", evalue: "failed", traceback: ["Error: failed", "    at cell:1:1"] });
  });

  it("turns an executor that throws into an error reply and keeps serving", async () => {
    const h = createHandlerDeps();
    const id = h.shell("execute_request", { code: "throw" });
    const next = h.shell("kernel_info_request");
    await h.handler.drained();
    assert.equal(h.replyTo(id).content.status, "error");
    assert.equal(h.replyTo(id).content.ename, "TypeError");
    assert.equal(h.replyTo(next).content.status, "ok");
  });

  it("maps stream, display, update and clear_output to their iopub messages", async () => {
    const h = createHandlerDeps();
    const printed = h.shell("execute_request", { code: "print:hello" });
    const shown = h.shell("execute_request", { code: "display" });
    await h.handler.drained();
    assert.deepEqual(h.about(printed).find((s) => s.msgType === "stream")!.content, { name: "stdout", text: "hello" });
    const outputs = h.about(shown).filter((s) => s.channel === "iopub" && !["status", "execute_input"].includes(s.msgType));
    assert.deepEqual(outputs.map((s) => s.msgType), ["display_data", "update_display_data", "clear_output"]);
    assert.deepEqual(outputs[0]!.content, { data: { "text/html": "<b>1</b>" }, metadata: {}, transient: { display_id: "d1" } });
    assert.deepEqual(outputs[1]!.content.transient, { display_id: "d1" });
    assert.deepEqual(outputs[2]!.content, { wait: true });
  });

  it("answers an execute_request without code with an error reply naming the field", async () => {
    const h = createHandlerDeps();
    const id = h.shell("execute_request", {});
    await h.handler.drained();
    assert.equal(h.replyTo(id).msgType, "execute_reply");
    assert.equal(h.replyTo(id).content.status, "error");
    assert.match(String(h.replyTo(id).content.evalue), /missing "code"/);
  });
});

describe("stop_on_error", () => {
  it("aborts the execute_requests queued when a cell fails, and runs one sent after the error's reply", async () => {
    const h = createHandlerDeps();
    const failing = h.shell("execute_request", { code: "fail" });
    const queued1 = h.shell("execute_request", { code: "x" });
    const info = h.shell("kernel_info_request");
    const queued2 = h.shell("execute_request", { code: "y" });
    await h.handler.drained();
    assert.equal(h.replyTo(failing).content.status, "error");
    assert.equal(h.replyTo(queued1).content.status, "aborted");
    assert.equal(h.replyTo(queued2).content.status, "aborted");
    assert.equal(h.replyTo(info).content.status, "ok", "only execute requests are aborted");
    assert.deepEqual(kinds(h, queued1), ["iopub:status:busy", "shell:execute_reply", "iopub:status:idle"], "an aborted request still gets busy/idle");
    const after = h.shell("execute_request", { code: "z" });
    await h.handler.drained();
    assert.equal(h.replyTo(after).content.status, "ok");
    assert.deepEqual(h.executor().executed, ["fail", "z"]);
  });

  it("aborts a request that arrives while the failing cell is still running", async () => {
    const h = createHandlerDeps();
    const waiting = h.shell("execute_request", { code: "wait" });
    await new Promise((r) => setImmediate(r));
    const failing = h.shell("execute_request", { code: "fail" });
    const queued = h.shell("execute_request", { code: "x" });
    h.executor().release();
    await h.handler.drained();
    assert.equal(h.replyTo(waiting).content.status, "ok");
    assert.equal(h.replyTo(failing).content.status, "error");
    assert.equal(h.replyTo(queued).content.status, "aborted");
  });

  it("runs a request the client sends as soon as it sees the error reply", async () => {
    const h = createHandlerDeps();
    const failing = h.shell("execute_request", { code: "fail" });
    let reaction: string | undefined;
    h.onSend = (sent) => {
      if (sent.parentId === failing && sent.msgType === "execute_reply") reaction = h.shell("execute_request", { code: "after" });
    };
    await h.handler.drained();
    await h.handler.drained();
    assert.ok(reaction);
    assert.equal(h.replyTo(reaction).content.status, "ok");
  });

  it("runs queued requests when the failing one had stop_on_error false", async () => {
    const h = createHandlerDeps();
    h.shell("execute_request", { code: "fail", stop_on_error: false });
    const queued = h.shell("execute_request", { code: "x" });
    await h.handler.drained();
    assert.equal(h.replyTo(queued).content.status, "ok");
  });
});
