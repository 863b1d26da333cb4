import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createHandlerDeps } from "./harness";

describe("kernel_info, comm_info, completion, inspection", () => {
  it("reports protocol 5.3 and the full language_info", async () => {
    const h = createHandlerDeps();
    const id = h.shell("kernel_info_request");
    await h.handler.drained();
    const reply = h.replyTo(id);
    assert.equal(reply.msgType, "kernel_info_reply");
    assert.equal(reply.content.status, "ok");
    assert.equal(reply.content.protocol_version, "5.3");
    assert.equal(reply.content.implementation, "tsparallel");
    assert.equal(reply.content.implementation_version, "9.9.9");
    assert.deepEqual(reply.content.language_info, {
      name: "typescript",
      version: "5.0.4",
      mimetype: "text/typescript",
      file_extension: ".ts",
      codemirror_mode: "typescript",
      pygments_lexer: "typescript",
    });
    assert.equal(typeof reply.content.banner, "string");
    assert.ok(Array.isArray(reply.content.help_links));
    assert.equal(h.executors.length, 0, "kernel_info does not wait for the interpreter");
  });

  it("creates the interpreter right after the first kernel_info_reply when warm-up is asked for", async () => {
    const h = createHandlerDeps({ warmUpAfterKernelInfo: true });
    const id = h.shell("kernel_info_request");
    await h.handler.drained();
    assert.equal(h.replyTo(id).content.status, "ok");
    assert.equal(h.executors.length, 0, "the reply does not wait for it");
    await new Promise((done) => setImmediate(done));
    assert.equal(h.executors.length, 1);
    h.shell("kernel_info_request");
    await h.handler.drained();
    await new Promise((done) => setImmediate(done));
    assert.equal(h.executors.length, 1, "only once");
  });

  it("answers comm_info with comm_info_reply and no comms; closes comms it cannot open", async () => {
    const h = createHandlerDeps();
    const info = h.shell("comm_info_request", { target_name: "jupyter.widget" });
    const open = h.shell("comm_open", { comm_id: "c1", target_name: "jupyter.widget", data: {} });
    const msg = h.shell("comm_msg", { comm_id: "c1", data: {} });
    await h.handler.drained();
    assert.equal(h.replyTo(info).msgType, "comm_info_reply");
    assert.deepEqual(h.replyTo(info).content, { status: "ok", comms: {} });
    assert.deepEqual(h.about(open).find((s) => s.msgType === "comm_close")!.content, { comm_id: "c1", data: {} });
    assert.deepEqual(h.about(msg).map((s) => s.msgType), ["status", "status"], "comm_msg is accepted silently");
  });

  it("delegates complete, inspect and is_complete to the executor", async () => {
    const h = createHandlerDeps();
    const complete = h.shell("complete_request", { code: "fo", cursor_pos: 2 });
    const inspect = h.shell("inspect_request", { code: "Math.max", cursor_pos: 8, detail_level: 0 });
    const missing = h.shell("inspect_request", { code: "unknown", cursor_pos: 7 });
    const incomplete = h.shell("is_complete_request", { code: "if (x) {" });
    await h.handler.drained();
    assert.deepEqual(h.replyTo(complete).content, { status: "ok", matches: ["foCompleted"], cursor_start: 0, cursor_end: 2, metadata: {} });
    assert.deepEqual(h.replyTo(inspect).content, { status: "ok", found: true, data: { "text/plain": "doc of Math.max" }, metadata: {} });
    assert.equal(h.replyTo(missing).content.found, false);
    assert.deepEqual(h.replyTo(incomplete).content, { status: "incomplete", indent: "  " });
  });
});

describe("unknown and malformed requests", () => {
  it("answers an unknown *_request with an error reply and keeps its state", async () => {
    const h = createHandlerDeps();
    const before = h.shell("execute_request", { code: "a" });
    const unknown = h.shell("frobnicate_request", {});
    const notARequest = h.shell("something_else", {});
    const after = h.shell("execute_request", { code: "b" });
    await h.handler.drained();
    assert.equal(h.replyTo(unknown).msgType, "frobnicate_reply");
    assert.equal(h.replyTo(unknown).content.status, "error");
    assert.deepEqual(h.about(notARequest).map((s) => s.msgType), ["status", "status"]);
    assert.ok(h.logs.some((l) => l.includes("something_else")), "the unknown type is logged");
    assert.equal(h.replyTo(before).content.execution_count, 1);
    assert.equal(h.replyTo(after).content.execution_count, 2);
  });

  it("names the bad field of a malformed history_request", async () => {
    const h = createHandlerDeps();
    const id = h.shell("history_request", { hist_access_type: "sideways" });
    await h.handler.drained();
    assert.equal(h.replyTo(id).content.status, "error");
    assert.match(String(h.replyTo(id).content.evalue), /hist_access_type/);
  });
});

describe("control requests", () => {
  it("shuts down with restart: replies, disposes the executor, resets the count", async () => {
    const h = createHandlerDeps();
    h.shell("execute_request", { code: "a" });
    await h.handler.drained();
    const first = h.executor();
    const id = await h.control("shutdown_request", { restart: true });
    const reply = h.replyTo(id);
    assert.equal(reply.channel, "control");
    assert.deepEqual(reply.content, { status: "ok", restart: true });
    assert.ok(h.about(id).some((s) => s.channel === "iopub" && s.msgType === "shutdown_reply"));
    assert.equal(first.disposed, true);
    assert.deepEqual(h.shutdowns, [true]);
    const next = h.shell("execute_request", { code: "b" });
    await h.handler.drained();
    assert.equal(h.replyTo(next).content.execution_count, 1);
    assert.notEqual(h.executor(), first, "a fresh executor after restart");
  });

  it("answers an interrupt_request that reaches the handler and interrupts the executor", async () => {
    const h = createHandlerDeps();
    h.shell("execute_request", { code: "a" });
    await h.handler.drained();
    const id = await h.control("interrupt_request");
    assert.equal(h.replyTo(id).msgType, "interrupt_reply");
    assert.equal(h.executor().interrupts, 1);
  });

  it("serves kernel_info on control with busy/idle around it", async () => {
    const h = createHandlerDeps();
    const id = await h.control("kernel_info_request");
    assert.deepEqual(h.about(id).map((s) => `${s.channel}:${s.msgType}`), ["iopub:status", "control:kernel_info_reply", "iopub:status"]);
  });
});
