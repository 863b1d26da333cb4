import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Message } from "../../src/protocol";
import { KernelProcess } from "../transport/kernel-process";

/**
 * What a cell can do to the kernel process, driven through the real process over ZeroMQ
 * (issue 14): each probe is followed by a check that the kernel still answers and that
 * variables of earlier cells survive.
 */
describe("the kernel survives what a cell does", { timeout: 180_000 }, () => {
  let kernel: KernelProcess;
  before(async () => {
    kernel = await KernelProcess.start();
    await kernel.ready();
  });
  after(async () => {
    await kernel.close();
  });

  async function execute(code: string): Promise<{ reply: Message; outputs: Message[] }> {
    // A kernel that dies fails the probe at once instead of leaving the request unanswered.
    const exited = kernel.exit.then((status) => {
      throw new Error(`the kernel exited (${status}) while running ${JSON.stringify(code)}:\n${kernel.stderr.join("").slice(-2000)}`);
    });
    exited.catch(() => undefined); // the kernel exits when the suite closes it
    const reply = await Promise.race([kernel.request("shell", "execute_request", { code, silent: false, store_history: true, stop_on_error: false }), exited]);
    const outputs = await kernel.outputsOf((reply.parent_header as { msg_id: string }).msg_id);
    return { reply, outputs };
  }

  async function resultOf(code: string): Promise<string | undefined> {
    const { reply, outputs } = await execute(code);
    assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
    const result = outputs.find((m) => m.header.msg_type === "execute_result");
    return (result?.content.data as Record<string, string> | undefined)?.["text/plain"];
  }

  function stderrOf(outputs: Message[]): string {
    return outputs
      .filter((m) => m.header.msg_type === "stream" && m.content.name === "stderr")
      .map((m) => String(m.content.text))
      .join("");
  }

  it("refuses process.exit, reallyExit and abort in a cell with a clear error, and keeps the session", async () => {
    await execute("const beforeExit = 41;");
    for (const [call, shown] of [
      ["process.exit(3)", "process.exit(3)"],
      ["(process as any).reallyExit(5)", "process.reallyExit(5)"],
      ["process.abort()", "process.abort()"],
    ]) {
      const { reply, outputs } = await execute(call);
      assert.equal(reply.content.status, "error", `${call}: ${JSON.stringify(reply.content)}`);
      assert.equal(reply.content.ename, "ProcessExitRefused");
      assert.match(String(reply.content.evalue), new RegExp(`^${shown.replace(/[().]/g, "\\$&")} was called by the cell; .*restart the kernel`));
      assert.ok(outputs.some((m) => m.header.msg_type === "error"), "the error is published on iopub");
    }
    assert.equal(await resultOf("beforeExit + 1"), "42");
  });

  it("refuses process.exit from a callback a cell scheduled, reported in that cell", async () => {
    const { outputs } = await execute("setTimeout(() => process.exit(4), 5);\nawait new Promise((done) => setTimeout(done, 200));");
    assert.match(stderrOf(outputs), /ProcessExitRefused: process\.exit\(4\) was called by the cell/);
    assert.equal(await resultOf("beforeExit"), "41");
    assert.equal(await kernel.ping("alive"), "alive");
  });
});
