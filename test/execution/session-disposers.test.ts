import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { registerSessionDisposer } from "../../src/cell";
import { createExecutor } from "../../src/execution";

describe("session disposers", () => {
  it("run once on dispose, even when one fails; unregistered ones do not run", async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "tsparallel-dispose-"));
    const executor = createExecutor({ cwd });
    const calls: string[] = [];
    registerSessionDisposer(async () => {
      calls.push("pool");
    });
    registerSessionDisposer(() => {
      throw new Error("disposer failure is reported, not thrown");
    });
    const unregister = registerSessionDisposer(() => {
      calls.push("unregistered");
    });
    unregister();
    await executor.dispose();
    await executor.dispose();
    assert.deepEqual(calls, ["pool"]);
    const outcome = await executor.execute("1", { stream() {}, display() {}, clearOutput() {} });
    assert.equal(outcome.status, "error", "a disposed executor refuses to run cells");
    rmSync(cwd, { recursive: true, force: true });
  });
});
