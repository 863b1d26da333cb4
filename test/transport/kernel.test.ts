import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createSigner, type Message } from "../../src/protocol";
import { cliPath, KernelProcess, writeConnectionFile } from "./kernel-process";

/**
 * The real kernel process driven over real sockets. The cells need the
 * TypeScript executor (src/execution); kernel_info, heartbeat and the control
 * thread do not.
 */
describe("kernel process over ZeroMQ", { timeout: 180_000 }, () => {
  let kernel: KernelProcess;
  before(async () => {
    kernel = await KernelProcess.start();
    await kernel.ready();
  });
  after(async () => {
    await kernel.close();
  });

  async function execute(code: string): Promise<{ reply: import("../../src/protocol").Message; outputs: import("../../src/protocol").Message[] }> {
    const reply = await kernel.request("shell", "execute_request", { code, silent: false, store_history: true, stop_on_error: true });
    const outputs = await kernel.outputsOf((reply.parent_header as { msg_id: string }).msg_id);
    return { reply, outputs };
  }

  it("answers kernel_info with protocol 5.3 and echoes heartbeats", async () => {
    const reply = await kernel.request("shell", "kernel_info_request");
    assert.equal(reply.header.msg_type, "kernel_info_reply");
    assert.equal(reply.content.protocol_version, "5.3");
    assert.equal(await kernel.ping("ping-1"), "ping-1");
  });

  it("does not execute a message with a bad signature, and executes a correctly signed one", async () => {
    const forgedMarker = join(kernel.dir, "forged-ran");
    const signedMarker = join(kernel.dir, "signed-ran");
    const cell = (file: string) => `import * as fs from "node:fs";\nfs.writeFileSync(${JSON.stringify(file)}, "ran");`;
    await kernel.send("shell", kernel.message("execute_request", { code: cell(forgedMarker) }), createSigner("not-the-key"));
    await kernel.send("control", kernel.message("shutdown_request", { restart: false }), createSigner("not-the-key"));
    // Shell requests are served in order: once the signed cell has replied, the forged one was seen first.
    const { reply } = await execute(cell(signedMarker));
    assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
    assert.equal(existsSync(signedMarker), true, "the signed cell ran");
    assert.equal(existsSync(forgedMarker), false, "the forged cell did not run");
    await kernel.stderrMatching(/shell: rejected a message with a bad signature/);
    await kernel.stderrMatching(/control: rejected a message with a bad signature/);
    assert.equal(await kernel.ping("still-alive"), "still-alive", "the forged shutdown_request was ignored too");
  });

  it("ignores malformed frames and keeps serving", async () => {
    await kernel.shell.send(["no delimiter at all"]);
    await kernel.shell.send(["<IDS|MSG>", "sig"]);
    const reply = await kernel.request("shell", "kernel_info_request");
    assert.equal(reply.content.status, "ok");
    await kernel.stderrMatching(/shell: ignored a malformed message/);
  });

  it("interrupt_request on control gets interrupt_reply and stops a busy loop", async () => {
    await execute("const survivor = 'still here';");
    const loopId = await kernel.send("shell", kernel.message("execute_request", { code: 'console.log("looping");\nwhile (true) {}' }));
    // iopub is served off the main thread: what the cell printed arrives while the loop still blocks it.
    await waitForIopub((m) => m.header.msg_type === "stream" && m.content.text === "looping\n" && parentId(m) === loopId);
    const interrupt = await kernel.request("control", "interrupt_request");
    assert.equal(interrupt.header.msg_type, "interrupt_reply");
    assert.equal(interrupt.content.status, "ok");
    const statuses = (await kernel.outputsOf(parentId(interrupt)!)).map((m) => m.content.execution_state);
    assert.deepEqual(statuses, ["busy", "idle"], "busy/idle around the interrupt_request too");
    const loopReply = await kernel.receive("shell");
    assert.equal(loopReply.content.status, "error");
    assert.equal(loopReply.content.ename, "KeyboardInterrupt");
    const { outputs } = await execute("survivor");
    assert.equal(resultText(outputs), "'still here'");
  });

  it("interrupt_request abandons a pending await", async () => {
    const waitId = await kernel.send("shell", kernel.message("execute_request", { code: "await new Promise(() => {});" }));
    await waitForExecuteInput(waitId);
    const interrupt = await kernel.request("control", "interrupt_request");
    assert.equal(interrupt.header.msg_type, "interrupt_reply");
    const reply = await kernel.receive("shell");
    assert.equal(reply.content.ename, "KeyboardInterrupt");
  });

  it("SIGINT stops a busy loop and the kernel survives it", async () => {
    const loopId = await kernel.send("shell", kernel.message("execute_request", { code: "while (true) {}" }));
    await waitForExecuteInput(loopId);
    kernel.kill("SIGINT");
    const reply = await kernel.receive("shell");
    assert.equal(reply.content.ename, "KeyboardInterrupt");
    const { outputs } = await execute("1 + 1");
    assert.equal(resultText(outputs), "2");
  });

  it("stop_on_error aborts a request that arrived while the failing cell blocked the main thread", async () => {
    const code = 'console.log("blocking");\nconst t0 = Date.now();\nwhile (Date.now() - t0 < 1500) {}\nthrow new Error("late failure");';
    const failingId = await kernel.send("shell", kernel.message("execute_request", { code, stop_on_error: true }));
    await waitForIopub((m) => m.header.msg_type === "stream" && parentId(m) === failingId);
    // Sent while the loop runs: it waits in the socket, unread, until the cell has failed.
    const queuedId = await kernel.send("shell", kernel.message("execute_request", { code: "'should not run'" }));
    const failing = await kernel.receive("shell");
    assert.equal(parentId(failing), failingId);
    assert.equal(failing.content.evalue, "late failure");
    const queued = await kernel.receive("shell");
    assert.equal(parentId(queued), queuedId);
    assert.equal(queued.content.status, "aborted");
    const { reply } = await execute("'runs after the error'");
    assert.equal(reply.content.status, "ok");
  });

  it("writes nothing to its stdout, even when cells print", async () => {
    const { outputs } = await execute('console.log("to the notebook");');
    assert.ok(outputs.some((m) => m.header.msg_type === "stream" && m.content.text === "to the notebook\n"));
    assert.deepEqual(kernel.stderr.filter((chunk) => chunk.startsWith("[stdout!]")), []);
  });

  /** A cell is running once its execute_input is out (it is published just before the executor starts). */
  async function waitForExecuteInput(msgId: string): Promise<void> {
    await waitForIopub((m) => m.header.msg_type === "execute_input" && parentId(m) === msgId);
    // Give the cell a moment to enter its loop or await; an interrupt before that is still delivered (the SIGINT guard's interrupt request).
    await new Promise((done) => setTimeout(done, 300));
  }

  async function waitForIopub(match: (m: Message) => boolean): Promise<void> {
    while (!kernel.iopubMessages().some(match)) await new Promise((done) => setTimeout(done, 20));
  }
});

describe("kernel lifecycle", { timeout: 60_000 }, () => {
  it("exits when the process named by JPY_PARENT_PID dies", async () => {
    const parent = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    const kernel = await KernelProcess.start({ ...process.env, JPY_PARENT_PID: String(parent.pid) });
    try {
      await kernel.ready();
      parent.kill("SIGKILL");
      assert.equal(await kernel.exit, 0);
    } finally {
      parent.kill("SIGKILL");
      await kernel.close();
    }
  });

  it("fails with one line, and exits, when a port in the connection file is taken", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tsparallel-busy-"));
    const { file, info } = await writeConnectionFile(dir);
    const squatter = createServer();
    await new Promise<void>((done) => squatter.listen(info.iopub_port, info.ip, done));
    try {
      const run = spawnSync(process.execPath, [cliPath, "kernel", "--connection-file", file], { encoding: "utf8", timeout: 30_000 });
      assert.equal(run.status, 1, run.stderr);
      assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
      assert.match(run.stderr, /cannot bind the kernel's sockets on 127\.0\.0\.1: Address already in use/);
    } finally {
      squatter.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits after shutdown_request without restart", async () => {
    const kernel = await KernelProcess.start();
    try {
      await kernel.ready();
      const reply = await kernel.request("control", "shutdown_request", { restart: false });
      assert.deepEqual(reply.content, { status: "ok", restart: false });
      assert.equal(await kernel.exit, 0);
    } finally {
      await kernel.close();
    }
  });
});

function parentId(message: Message): string | undefined {
  return (message.parent_header as { msg_id?: string }).msg_id;
}

function resultText(outputs: import("../../src/protocol").Message[]): unknown {
  return (outputs.find((m) => m.header.msg_type === "execute_result")?.content.data as Record<string, unknown> | undefined)?.["text/plain"];
}
