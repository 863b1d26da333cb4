import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";

/**
 * Errors that escape a cell (a timer's exception, an unhandled rejection) must be reported
 * in that cell and leave the kernel running. Run in a child process: the test runner
 * treats any uncaught error in its own process as a failure of the file.
 */
const child = `
const { createExecutor } = require(${JSON.stringify(path.resolve(__dirname, "../../src/execution"))});
const os = require("node:os");
(async () => {
  const executor = createExecutor({ cwd: os.tmpdir() });
  let stderr = "";
  const sink = { stream: (name, text) => { if (name === "stderr") stderr += text; }, display() {}, clearOutput() {} };
  const first = await executor.execute(
    "setTimeout(() => { throw new Error('late boom'); }, 0);\\nPromise.reject(new Error('nobody waits'));\\n" +
      "await new Promise((resolve) => setTimeout(resolve, 100));", sink);
  const second = await executor.execute("'still running'", sink);
  await executor.dispose();
  process.stdout.write(JSON.stringify({ first, second, stderr }));
})();
`;

describe("errors that escape a cell", () => {
  it("are written to the cell's stderr with cell positions, and the kernel survives", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", child], { timeout: 120_000 });
    const report = JSON.parse(stdout) as { first: { status: string }; second: { result?: { data: Record<string, unknown> } }; stderr: string };
    assert.equal(report.first.status, "ok");
    // The callback runs inside the kernel's interruptible timer script, whose frame is hidden.
    assert.match(report.stderr, /Error: late boom\n {4}at <cell>:1:26\n/);
    assert.doesNotMatch(report.stderr, /tsparallel-interruptible-call/);
    assert.match(report.stderr, /Error: nobody waits\n {4}at <cell>:2:16/);
    assert.equal(report.second.result?.data["text/plain"], "'still running'");
  });
});
