import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { kernelCellsForSuite, streamText } from "./kernel-cells";

/**
 * What a cell can do to the kernel process, driven through the real process over ZeroMQ:
 * each probe is followed by a check that the kernel still answers and that
 * variables of earlier cells survive.
 */
describe("the kernel survives what a cell does", { timeout: 180_000 }, () => {
  const cells = kernelCellsForSuite();

  it("refuses process.exit, reallyExit and abort in a cell with a clear error, and keeps the session", async () => {
    await cells.execute("const beforeExit = 41;");
    for (const [call, shown] of [
      ["process.exit(3)", "process.exit(3)"],
      ["(process as any).reallyExit(5)", "process.reallyExit(5)"],
      ["process.abort()", "process.abort()"],
    ]) {
      const { reply, outputs } = await cells.execute(call);
      assert.equal(reply.content.status, "error", `${call}: ${JSON.stringify(reply.content)}`);
      assert.equal(reply.content.ename, "ProcessExitRefused");
      assert.match(String(reply.content.evalue), new RegExp(`^${shown.replace(/[().]/g, "\\$&")} was called by the cell; .*restart the kernel`));
      assert.ok(outputs.some((m) => m.header.msg_type === "error"), "the error is published on iopub");
    }
    assert.equal(await cells.resultOf("beforeExit + 1"), "42");
  });

  it("refuses process.exit from a callback a cell scheduled, reported in that cell", async () => {
    const { outputs } = await cells.execute("setTimeout(() => process.exit(4), 5);\nawait new Promise((done) => setTimeout(done, 200));");
    assert.match(streamText(outputs, "stderr"), /ProcessExitRefused: process\.exit\(4\) was called by the cell/);
    assert.equal(await cells.resultOf("beforeExit"), "41");
    assert.equal(await cells.kernel.ping("alive"), "alive");
  });

  it("keeps the names a cell bound before it threw, with their types, and not the ones after", async () => {
    const { reply } = await cells.execute('const kept = 41;\ntype Count = number;\nlet first: Count = 1, second = "two";\nthrow new Error("x");\nconst after = 2;');
    assert.equal(reply.content.ename, "Error");
    assert.equal(await cells.resultOf("kept + 1"), "42");
    assert.equal(await cells.resultOf("const counted: Count = first; second.length + counted"), "4");
    const { reply: missing } = await cells.execute("after");
    assert.equal(missing.content.ename, "TypeScriptError");
    assert.match(String(missing.content.evalue), /Cannot find name 'after'/);
  });

  it("gives a name the cell did not reach back its earlier value and type", async () => {
    await cells.execute("let counter = 1;\nfunction label() { return 'one'; }");
    const { reply } = await cells.execute("const partial = 2;\nthrow new Error('y');\nconst counter = 'three';\nfunction label() { return 3; }");
    assert.equal(reply.content.status, "error");
    assert.equal(await cells.resultOf("[counter + 1, label().toUpperCase(), partial]"), "[ 2, 'ONE', 2 ]");
  });

  describe("tracebacks name files without install paths", () => {
    const installPath = /(^|[\s(])(\/|[A-Za-z]:\\)\S*(node_modules|dist)/;

    it("shows a library frame by its TypeScript source in the package and the cell as <cell N>", async () => {
      const { reply } = await cells.execute("const wide = $tsp.Matrix.rand(2, 3);\n$tsp.matmul(wide, wide);");
      assert.equal(reply.content.ename, "MatrixInputError");
      const traceback = reply.content.traceback as string[];
      assert.match(traceback.join("\n"), /at assertMultipliable \(tsparallel\/matmul\/shape\.ts:\d+:\d+\)/);
      assert.match(traceback.at(-1)!, new RegExp(`at <cell ${reply.content.execution_count}>:2:6$`));
      for (const line of traceback) assert.doesNotMatch(line, installPath);
    });

    it("shows a worker's frames relative to the package and to node_modules", async () => {
      await cells.execute("const slots = new Float64Array(new SharedArrayBuffer(32));");
      const { reply } = await cells.execute("%%parallel -n 4 --out slots\nif (i === 2) throw new Error('in a worker');\nslots[i] = i;");
      assert.equal(reply.content.ename, "ParallelTaskError", JSON.stringify(reply.content));
      const traceback = (reply.content.traceback as string[]).join("\n");
      assert.match(traceback, /at parallel-body:1:20/);
      assert.match(traceback, /tsparallel\/parallel\/worker\.ts:\d+:\d+/);
      assert.match(traceback, /workerpool\/src\/worker\.js:\d+:\d+/);
      assert.doesNotMatch(traceback, installPath);
    });
  });
});

describe("an interrupt while the cell is still being type-checked", { timeout: 120_000 }, () => {
  // A fresh kernel: its first cell's check loads the library's declarations, which takes a while.
  const cells = kernelCellsForSuite();

  it("stops the cell before it runs, with KeyboardInterrupt", async () => {
    // A type the checker needs a while for (a mapped type over a 10,000-member union), so
    // that the interrupt meets the check and not the run, however fast conversion gets.
    const slowToCheck = [
      'type D = "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9";',
      "type N4 = `${D}${D}${D}${D}`;",
      "type Pairs = { [K in N4]: [K, K] }[N4];",
      'const pair: Pairs = ["0001", "0001"];',
    ].join("\n");
    const code = `${slowToCheck}\nconst ranAnyway = 1;\nconsole.log("the cell ran")`;
    const id = await cells.kernel.send("shell", cells.kernel.message("execute_request", { code, stop_on_error: false }));
    while (!cells.kernel.iopubMessages().some((m) => m.header.msg_type === "execute_input" && (m.parent_header as { msg_id?: string }).msg_id === id)) {
      await new Promise((done) => setTimeout(done, 2));
    }
    await cells.kernel.request("control", "interrupt_request");
    const outputs = await cells.kernel.outputsOf(id);
    const error = outputs.find((m) => m.header.msg_type === "error");
    assert.equal(error?.content.ename, "KeyboardInterrupt", JSON.stringify(outputs.map((m) => m.content)));
    assert.equal(streamText(outputs, "stdout"), "");
    const { reply } = await cells.execute("ranAnyway");
    assert.match(String(reply.content.evalue), /Cannot find name 'ranAnyway'/);
    assert.equal(await cells.resultOf("6 * 7"), "42");
  });
});
