import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import type { Worker } from "node:worker_threads";
import { guardSigintAsTheKernelDoes, interruptRequester } from "./interrupt-requester";
import { RecordingSink } from "./recording-sink";
import { TestSession, expectError } from "./session";

async function stopSigintSender(sender: Worker): Promise<void> {
  await sender.terminate();
  // Let a signal already delivered reach the main thread before the next cell starts.
  await delay(200);
}

/**
 * Repeats `interrupt` every 300 ms until `pending` settles: one sent at a fixed delay can
 * land while the cell is still being converted (no cell runs yet, so it is ignored) on a
 * loaded machine, and the cell then waits forever.
 */
async function interruptUntilSettled<T>(pending: Promise<T>, interrupt: () => void): Promise<T> {
  const timer = setInterval(interrupt, 300);
  try {
    return await pending;
  } finally {
    clearInterval(timer);
  }
}

describe("interrupting cells", () => {
  let session: TestSession;
  before(async () => {
    await guardSigintAsTheKernelDoes();
    session = new TestSession();
  });
  after(() => session.close());

  it("stops a busy synchronous loop on SIGINT and keeps the kernel's state", async () => {
    await session.value("let spins = 0;\nconst kept = 'still here';");
    const sender = interruptRequester("repeat", 100);
    try {
      const error = expectError((await session.run("while (true) { spins++; }")).outcome);
      assert.equal(error.ename, "KeyboardInterrupt");
    } finally {
      await stopSigintSender(sender);
    }
    assert.equal(await session.value("kept"), "'still here'");
    assert.equal(await session.value("spins > 0"), "true");
  });

  it("abandons a pending await on SIGINT (through the guard's interrupt request) and aborts the cell's signal", async () => {
    await session.value("import { currentCell } from 'tsparallel/dist/src/cell/context';\nlet seenSignal: AbortSignal | undefined;");
    // Signals start once the cell runs: one that lands while it is type-checked stops it
    // before it runs, which is not the path under test.
    const sink = new RecordingSink();
    const pending = session.executor.execute("seenSignal = currentCell()!.signal;\nconsole.log('awaiting');\nawait new Promise(() => {});", sink);
    const outcome = await interruptUntilSettled(pending, () => {
      if (sink.text("stdout").includes("awaiting")) process.kill(process.pid, "SIGINT");
    });
    const error = expectError(outcome);
    assert.equal(error.ename, "KeyboardInterrupt");
    assert.match(error.evalue, /abandoned/);
    assert.equal(await session.value("seenSignal!.aborted"), "true");
    assert.equal(await session.value("(seenSignal!.reason as Error).name"), "'KeyboardInterrupt'");
  });

  it("interrupts from inside the process with interrupt()", async () => {
    const pending = interruptUntilSettled(session.run("await new Promise(() => {});"), () => session.executor.interrupt());
    assert.equal(expectError((await pending).outcome).ename, "KeyboardInterrupt");
    assert.equal(await session.value("1 + 1"), "2");
  });

  it("ignores SIGINT when no cell is running", async () => {
    process.kill(process.pid, "SIGINT");
    await delay(100);
    assert.equal(await session.value("'alive'"), "'alive'");
  });
});
