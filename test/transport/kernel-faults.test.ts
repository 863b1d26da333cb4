import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { Dealer } from "zeromq";
import { decode, encode, type Header, type Message } from "../../src/protocol";
import { KernelProcess } from "./kernel-process";

/**
 * Issue 14's rows on protocol abuse, each against the real kernel process over
 * real sockets, each followed by a check that an earlier variable survived.
 */
describe("kernel under protocol abuse", { timeout: 120_000 }, () => {
  let kernel: KernelProcess;
  before(async () => {
    kernel = await KernelProcess.start();
    await kernel.ready();
    assert.equal((await kernel.execute("const kept = 41;")).reply.content.status, "ok");
  });
  after(async () => {
    await kernel.close();
  });

  const keptSurvives = async () => assert.equal(await kernel.evaluate("kept + 1"), "42");

  it("row 13: answers requests whose header has only msg_id and msg_type", async () => {
    for (const [msgType, content] of [["kernel_info_request", {}], ["execute_request", { code: "kept * 2", silent: false }]] as const) {
      const request = kernel.message(msgType, content);
      request.header = { msg_id: request.header.msg_id, msg_type: msgType } as Header;
      await kernel.send("shell", request);
      const reply = await kernel.receive("shell");
      assert.equal(reply.header.msg_type, msgType.replace("_request", "_reply"));
      assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
      assert.deepEqual(reply.parent_header, request.header, "the header comes back as sent");
    }
    await keptSurvives();
  });

  it("row 8: runs a signed request once, however many times its frames are sent", async () => {
    await kernel.execute("let runs = 0;");
    const frames = encode(kernel.message("execute_request", { code: "runs += 1;" }), kernel.signer);
    await kernel.shell.send(frames);
    assert.equal((await kernel.receive("shell")).content.status, "ok");
    await kernel.shell.send(frames);
    await kernel.stderrMatching(/shell: rejected a replayed message/);
    assert.equal(await kernel.evaluate("runs"), "1");

    const control = encode(kernel.message("kernel_info_request", {}), kernel.signer);
    await kernel.control.send(control);
    assert.equal((await kernel.receive("control")).header.msg_type, "kernel_info_reply");
    await kernel.control.send(control);
    await kernel.stderrMatching(/control: rejected a replayed message/);
    await keptSurvives();
  });

  it("row 2: answers a second socket that takes over a live socket's identity, on shell and control", async () => {
    const at = (port: number) => `tcp://${kernel.info.ip}:${port}`;
    for (const channel of ["shell", "control"] as const) {
      const port = channel === "shell" ? kernel.info.shell_port : kernel.info.control_port;
      // jupyter_client uses its session id as the identity; a reconnect races the old socket.
      const routingId = `reconnecting-client-${channel}`;
      const first = new Dealer({ routingId, receiveTimeout: 10_000 });
      const second = new Dealer({ routingId, receiveTimeout: 10_000 });
      try {
        first.connect(at(port));
        assert.equal((await exchange(first, "kernel_info_request")).header.msg_type, "kernel_info_reply");
        second.connect(at(port));
        const reply = await exchange(second, "kernel_info_request");
        assert.equal(reply.header.msg_type, "kernel_info_reply", `${channel}: the second socket is answered`);
      } finally {
        first.close();
        second.close();
      }
    }
    await keptSurvives();
  });

  it("row 6: answers a history search with a pathological glob after a long cell, and keeps serving", async () => {
    await kernel.execute(`// ${"a".repeat(20_000)}\nconst longCell = 1;`);
    const reply = await kernel.request("shell", "history_request", { hist_access_type: "search", pattern: "*a*a*a*a*a*a*a*a*b", output: false, raw: true });
    assert.equal(reply.content.status, "ok");
    assert.deepEqual(reply.content.history, []);
    const found = await kernel.request("shell", "history_request", { hist_access_type: "search", pattern: "*a*a*a*a*a*a*a*a*longCell*", output: false, raw: true });
    assert.equal((found.content.history as unknown[]).length, 1);
    await keptSurvives();
  });

  /** One request on a socket of the test's own, and its reply (skipping anything else). */
  async function exchange(socket: Dealer, msgType: string): Promise<Message> {
    const request = kernel.message(msgType, {});
    await socket.send(encode(request, kernel.signer));
    for (;;) {
      const reply = decode(await socket.receive(), kernel.signer);
      if ((reply.parent_header as { msg_id?: string }).msg_id === request.header.msg_id) return reply;
    }
  }
});

/** Resolves with the kernel's exit code, or with "still running" after `ms`. */
function exitWithin(kernel: KernelProcess, ms: number): Promise<number | null | "still running"> {
  return Promise.race([kernel.exit, new Promise<"still running">((done) => setTimeout(() => done("still running"), ms).unref())]);
}

describe("kernel lifecycle under abuse", { timeout: 120_000 }, () => {
  it("row 3: survives kill -INT every 5 ms and interrupt_request every 20 ms while short cells run, and still interrupts", async () => {
    const kernel = await KernelProcess.start();
    try {
      await kernel.ready();
      await kernel.execute("const kept = 41;");
      for (const start of [() => sigintStorm(kernel, 5), () => interruptStorm(kernel, 20)]) {
        const storm = start();
        let answered = 0;
        try {
          const until = Date.now() + STORM_MS;
          while (Date.now() < until) {
            const outcome = await Promise.race([kernel.execute("kept + 1"), kernel.exit.then((code) => ({ died: code }))]);
            assert.ok("reply" in outcome, `the kernel died during the ${storm.name} storm after ${answered} cells`);
            // A signal that lands while a cell runs may interrupt it; an error other than that is a defect.
            if (outcome.reply.content.status !== "ok") assert.equal(outcome.reply.content.ename, "KeyboardInterrupt", JSON.stringify(outcome.reply.content));
            answered++;
          }
        } finally {
          await storm.stop();
        }
        assert.ok(answered > 0);
        assert.equal(await kernel.evaluate("kept + 1"), "42", `state kept after the ${storm.name} storm`);
      }
      // Between cells an interrupt is ignored: the next cell runs to its end.
      await kernel.request("control", "interrupt_request");
      kernel.kill("SIGINT");
      await new Promise((done) => setTimeout(done, 400));
      assert.equal(await kernel.evaluate("kept + 1"), "42");
      // And an interrupt still stops a busy loop.
      const loop = await kernel.send("shell", kernel.message("execute_request", { code: 'console.log("looping");\nwhile (true) {}' }));
      await kernel.firstIopub(loop, "stream");
      await kernel.request("control", "interrupt_request");
      assert.equal((await kernel.receive("shell")).content.ename, "KeyboardInterrupt");
      assert.equal(await kernel.evaluate("kept + 1"), "42");
    } finally {
      await kernel.close();
    }
  });


  it("row 7: after shutdown_request with restart, replies and ends its process, for the client to start a new one", async () => {
    const kernel = await KernelProcess.start();
    try {
      await kernel.ready();
      const reply = await kernel.request("control", "shutdown_request", { restart: true });
      assert.deepEqual(reply.content, { status: "ok", restart: true });
      // jupyter_client waits up to 5 s for the exit, then kills: the process must end by itself.
      assert.equal(await exitWithin(kernel, 10_000), 0);
    } finally {
      await kernel.close();
    }
  });

  it("row 5: ends when its parent is killed while a cell spins in while (true) {}", async () => {
    // jupyter_client names the parent in JPY_PARENT_PID (the Jupyter server, not necessarily the direct parent).
    const parent = spawn(process.execPath, ["-e", "setTimeout(() => {}, 120000)"], { stdio: "ignore" });
    const kernel = await KernelProcess.start({ ...process.env, JPY_PARENT_PID: String(parent.pid) });
    try {
      await kernel.ready();
      const spin = await kernel.send("shell", kernel.message("execute_request", { code: 'console.log("spinning");\nwhile (true) {}' }));
      // Printed text reaches us through the I/O thread while the loop blocks the main thread: the loop runs.
      await kernel.firstIopub(spin, "stream");
      parent.kill("SIGKILL");
      assert.notEqual(await exitWithin(kernel, 15_000), "still running", "the orphan kernel must not spin forever");
      await kernel.stderrMatching(/parent process is gone; exiting/);
    } finally {
      parent.kill("SIGKILL");
      await kernel.close();
    }
  });
});

/** How long each storm of row 3 lasts: long enough for hundreds of cells and signals. */
const STORM_MS = 3000;

interface Storm {
  name: string;
  stop(): Promise<void>;
}

function sigintStorm(kernel: KernelProcess, everyMs: number): Storm {
  const timer = setInterval(() => {
    try {
      process.kill(kernel.pid, "SIGINT");
    } catch {
      // already gone: the cell loop reports it
    }
  }, everyMs);
  return { name: `kill -INT every ${everyMs} ms`, stop: async () => clearInterval(timer) };
}

/** interrupt_request on control every `everyMs`; the replies are read (and dropped) so they do not pile up. */
function interruptStorm(kernel: KernelProcess, everyMs: number): Storm {
  let sent = 0;
  let running = true;
  const sending = (async () => {
    while (running) {
      await kernel.send("control", kernel.message("interrupt_request", {}));
      sent++;
      await new Promise((done) => setTimeout(done, everyMs));
    }
  })();
  return {
    name: `interrupt_request every ${everyMs} ms`,
    async stop() {
      running = false;
      await sending;
      for (let received = 0; received < sent; received++) {
        const reply = await Promise.race([kernel.receive("control"), kernel.exit.then(() => undefined)]);
        if (!reply) return;
      }
    },
  };
}
