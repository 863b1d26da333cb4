import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import type { Executor } from "../../src/execution/types";
import { RecordingSink } from "../execution/recording-sink";
import { guardSigintAsTheKernelDoes, interruptRequester } from "../execution/interrupt-requester";
import { TestSession } from "../execution/session";
import { runningProfilers } from "../../src/profile/sampling";

/** 100,000 measurements of about a millisecond each: minutes unless interrupted. */
const longTimeit = "%timeit -n 2000 -r 100000 f()";

describe("interrupting %timeit and %prun", () => {
  let session: TestSession;
  let executor: Executor;
  const value = (code: string) => session.value(code);

  before(async () => {
    await guardSigintAsTheKernelDoes();
    session = new TestSession({ magics: true, folderPrefix: "tsparallel-magics-interrupt-" });
    executor = session.executor;
    await value("let calls = 0;\nfunction f(): number { calls++; let s = 0; for (let i = 0; i < 50; i++) s += Math.sqrt(i + calls); return s; }");
  });
  after(() => session.close());

  async function expectStopped(): Promise<void> {
    const first = Number(await value("calls"));
    await delay(100);
    assert.equal(Number(await value("calls")), first, "the timing loop stopped with the cell");
    assert.equal(await value("'usable'"), "'usable'");
  }

  it("stops between measurements on interrupt() and leaves the kernel usable", async () => {
    // Repeated until the cell ends: one sent at a fixed delay can land while a loaded
    // machine is still converting the cell, and is then ignored (no cell runs yet).
    const interrupting = setInterval(() => executor.interrupt(), 300);
    const outcome = await executor.execute(longTimeit, new RecordingSink()).finally(() => clearInterval(interrupting));
    assert.equal(outcome.status, "error");
    assert.equal((outcome as { ename: string }).ename, "KeyboardInterrupt");
    await expectStopped();
  });

  it("stops a single endless measurement of a synchronous statement on SIGINT", async () => {
    const requester = interruptRequester("repeat", 200);
    try {
      const outcome = await executor.execute("await Promise.resolve();\n%timeit -n 1 -r 1 while (true) { calls++; }", new RecordingSink());
      assert.equal((outcome as { ename?: string }).ename, "KeyboardInterrupt");
    } finally {
      await requester.terminate();
      await delay(300);
    }
    await expectStopped();
  });

  it("stops on SIGINT, as the kernel's I/O thread sends it on interrupt_request", async () => {
    const requester = interruptRequester("repeat", 300);
    try {
      const outcome = await executor.execute(longTimeit, new RecordingSink());
      assert.equal((outcome as { ename?: string }).ename, "KeyboardInterrupt");
    } finally {
      await requester.terminate();
    }
    await expectStopped();
  });
  /** The interrupted profiler was stopped, and a %prun after it samples again. */
  async function expectProfilerReusable(): Promise<void> {
    assert.equal(runningProfilers(), 0, "the interrupted profiler was stopped");
    const rows = await value("const again = %prun -q -o -i 100 for (let k = 0; k < 200000; k++) f();\nagain.samples > 0 && again.rows.some((row) => row.selfMs > 0)");
    assert.equal(rows, "true");
  }

  it("%prun: an interrupt while the statement awaits stops it and the profiler", async () => {
    const interrupting = setInterval(() => executor.interrupt(), 300);
    const outcome = await executor
      .execute("%prun await new Promise(() => undefined)", new RecordingSink())
      .finally(() => clearInterval(interrupting));
    assert.equal((outcome as { ename?: string }).ename, "KeyboardInterrupt", JSON.stringify(outcome));
    await expectProfilerReusable();
  });

  it("%prun: SIGINT stops an endless synchronous statement and the profiler", async () => {
    const requester = interruptRequester("repeat", 200);
    try {
      const outcome = await executor.execute("await Promise.resolve();\n%prun while (true) { calls++; }", new RecordingSink());
      assert.equal((outcome as { ename?: string }).ename, "KeyboardInterrupt", JSON.stringify(outcome));
    } finally {
      await requester.terminate();
      await delay(300);
    }
    await expectStopped();
    await expectProfilerReusable();
  });
});
