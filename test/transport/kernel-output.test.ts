import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Message } from "../../src/protocol";
import { KernelCells, streamText } from "../execution/kernel-cells";
import { KernelProcess } from "./kernel-process";

/** What a cell printed on one stream, joined, and how many messages it took. */
function streamed(outputs: readonly Message[], name: "stdout" | "stderr"): { text: string; messages: number } {
  const messages = outputs.filter((m) => m.header.msg_type === "stream" && m.content.name === name).length;
  return { text: streamText(outputs, name), messages };
}

function resultText(outputs: readonly Message[]): unknown {
  return (outputs.find((m) => m.header.msg_type === "execute_result")?.content.data as Record<string, unknown> | undefined)?.["text/plain"];
}

function execute(kernel: KernelProcess, code: string): Promise<{ reply: Message; outputs: Message[] }> {
  return new KernelCells(kernel).execute(code);
}

/** The real kernel process printing as users print: loops of console.log, prints before a long computation. */
describe("printed output through the real kernel", { timeout: 180_000 }, () => {
  let kernel: KernelProcess;
  before(async () => {
    kernel = await KernelProcess.start();
    await kernel.ready();
  });
  after(async () => {
    await kernel.close();
  });

  it("delivers every line of a 100,000-line print loop, in order, in batched messages, and answers the next cell", async () => {
    const { reply, outputs } = await execute(kernel, 'const lines = 100_000;\nfor (let j = 0; j < lines; j++) console.log("step " + j)');
    assert.equal(reply.content.status, "ok");
    const stdout = streamed(outputs, "stdout");
    const expected = Array.from({ length: 100_000 }, (_, j) => `step ${j}\n`).join("");
    assert.equal(stdout.text.length, expected.length);
    assert.ok(stdout.text === expected, "the printed text arrives whole and in order");
    // One message per line is what made clients fall behind; joined text is what ipykernel sends too.
    assert.ok(stdout.messages < 1_000, `${stdout.messages} stream messages for 100,000 lines`);
    const next = await execute(kernel, "lines + 1");
    assert.equal(resultText(next.outputs), "100001");
  });

  it("sends what a cell printed while the cell still blocks the main thread", async () => {
    // The cell spins until the test has seen its first line on iopub: if output waited for the cell to end, this would hang.
    const flag = join(kernel.dir, "seen-the-first-line");
    const code = `console.log("waiting for the client");\nconst fs = require("node:fs");\nwhile (!fs.existsSync(${JSON.stringify(flag)})) {}\n"released"`;
    const id = await kernel.send("shell", kernel.message("execute_request", { code }));
    while (!kernel.iopubMessages().some((m) => m.header.msg_type === "stream" && (m.parent_header as { msg_id?: string }).msg_id === id)) {
      await new Promise((done) => setTimeout(done, 20));
    }
    writeFileSync(flag, "");
    const outputs = await kernel.outputsOf(id);
    assert.equal(streamed(outputs, "stdout").text, "waiting for the client\n");
    assert.equal(resultText(outputs), "'released'");
    assert.ok(existsSync(flag));
  });
});

describe("a cell that prints more than the output limit", { timeout: 120_000 }, () => {
  let kernel: KernelProcess;
  before(async () => {
    kernel = await KernelProcess.start({ ...process.env, TSPARALLEL_OUTPUT_LIMIT: "1000" });
    await kernel.ready();
  });
  after(async () => {
    await kernel.close();
  });

  it("shows the text up to the limit, says how much it cut, and keeps running", async () => {
    const line = "x".repeat(99);
    const { reply, outputs } = await execute(kernel, `let printed = 0;\nfor (let j = 0; j < 50; j++) { console.log(${JSON.stringify(line)}); printed++; }`);
    assert.equal(reply.content.status, "ok");
    assert.equal(streamed(outputs, "stdout").text, `${line}\n`.repeat(50).slice(0, 1000));
    const notes = streamed(outputs, "stderr").text;
    assert.match(notes, /printed more than 1000 characters/);
    assert.match(notes, /4000 characters more were not shown/);
    const next = await execute(kernel, 'console.log("a new cell starts with the whole limit"); printed');
    assert.equal(streamed(next.outputs, "stdout").text, "a new cell starts with the whole limit\n");
    assert.equal(resultText(next.outputs), "50");
  });
});
