import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { kernelCellsForSuite } from "./kernel-cells";

/**
 * A cell that fills V8's heap. Before the heap watch the kernel
 * aborted (SIGABRT) after 25 s to 2 min with no reply. The kernel runs here with a 256 MB
 * old space so the heap fills in a second or two.
 */
describe("a cell that fills the heap", { timeout: 180_000 }, () => {
  const cells = kernelCellsForSuite({ ...process.env, NODE_OPTIONS: "--max-old-space-size=256" });

  it("is stopped with a MemoryError before V8 aborts; earlier names survive and the memory is freed", async () => {
    await cells.execute("const survivor = 41;");
    const { reply, outputs } = await cells.execute("const hog: number[][] = [];\nwhile (true) hog.push(new Array(1000).fill(Math.random()));");
    assert.equal(reply.content.status, "error");
    assert.equal(reply.content.ename, "MemoryError", JSON.stringify(reply.content));
    assert.match(String(reply.content.evalue), /^the cell used \d+ MB of the \d+ MB heap and was stopped before V8 aborts the kernel/);
    assert.ok(outputs.some((m) => m.header.msg_type === "error"));
    assert.equal(await cells.resultOf("survivor + 1"), "42");
    const { reply: dropped } = await cells.execute("hog");
    assert.match(String(dropped.content.evalue), /Cannot find name 'hog'/, "the names of the stopped cell are dropped");
    // 120 MB more fits only if what the stopped cell held (about 240 MB) was freed.
    assert.equal(await cells.resultOf("const refill: number[][] = [];\nfor (let k = 0; k < 15_000; k++) refill.push(new Array(1000).fill(k));\nrefill.length"), "15000");
  });

  it("fires again for a later cell", async () => {
    await cells.execute("refill.length = 0;");
    const { reply } = await cells.execute("const again: string[] = [];\nfor (let k = 0; ; k++) again.push('x'.repeat(64) + k);");
    assert.equal(reply.content.ename, "MemoryError", JSON.stringify(reply.content));
    assert.equal(await cells.resultOf("survivor"), "41");
  });
});
