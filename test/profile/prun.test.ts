import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Message } from "../../src/protocol";
import { kernelCellsForSuite } from "../execution/kernel-cells";

/** A function that keeps the CPU busy in its own frame (no calls the profile would charge instead). */
const hotFunction = [
  "function hotLoop(n: number): number {",
  "  let sum = 0;",
  "  for (let i = 0; i < n; i++) sum += Math.sqrt(i) * ((i & 7) + 1);",
  "  return sum;",
  "}",
].join("\n");

interface V8Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number; scriptId: string };
  children?: number[];
}

interface V8Profile {
  nodes: V8Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The rules a `.cpuprofile` must keep for DevTools and speedscope to open it. */
function assertV8Profile(profile: V8Profile): void {
  assert.ok(Array.isArray(profile.nodes) && profile.nodes.length > 0, "nodes");
  const ids = new Set(profile.nodes.map((node) => node.id));
  assert.equal(ids.size, profile.nodes.length, "node ids are unique");
  assert.equal(profile.nodes[0].callFrame.functionName, "(root)", "the first node is the root");
  const children = profile.nodes.flatMap((node) => node.children ?? []);
  for (const child of children) assert.ok(ids.has(child), `child ${child} is a node`);
  assert.equal(new Set(children).size, children.length, "each node has one parent");
  for (const node of profile.nodes) {
    for (const key of ["functionName", "url", "scriptId"] as const) assert.equal(typeof node.callFrame[key], "string", key);
    assert.ok(Number.isInteger(node.callFrame.lineNumber) && Number.isInteger(node.callFrame.columnNumber));
  }
  assert.ok(profile.samples.length > 0, "samples were taken");
  assert.equal(profile.samples.length, profile.timeDeltas.length, "one time delta per sample");
  for (const sample of profile.samples) assert.ok(ids.has(sample), `sample ${sample} is a node`);
  assert.ok(profile.timeDeltas.every((delta) => delta >= 0), "samples are in time order");
  const lastSample = profile.startTime + profile.timeDeltas.reduce((sum, delta) => sum + delta, 0);
  assert.ok(profile.startTime <= lastSample && lastSample <= profile.endTime, "samples fall between start and end");
}

function outputsOfType(outputs: readonly Message[], type: string): Message[] {
  return outputs.filter((message) => message.header.msg_type === type);
}

describe("%prun and %%prun in a real kernel", { timeout: 180_000 }, () => {
  const cells = kernelCellsForSuite();
  let hotCell: number;
  let folder: string;
  before(async () => {
    const { reply } = await cells.execute(hotFunction);
    assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
    hotCell = Number(reply.content.execution_count);
    folder = mkdtempSync(path.join(tmpdir(), "tsparallel-prun-"));
  });
  after(async () => {
    rmSync(folder, { recursive: true, force: true });
  });

  it("names the cell's hot function in the top rows, at its <cell N> line, with a table and an icicle chart", async () => {
    const { reply, outputs } = await cells.execute("%prun -l 5 hotLoop(40_000_000)");
    assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
    const displays = outputsOfType(outputs, "display_data").map((message) => message.content.data as Record<string, unknown>);
    assert.equal(displays.length, 2, "the table, then the chart");
    const [table, chart] = displays;
    const text = String(table["text/plain"]);
    const rows = text.split("\n").filter((line) => /%/.test(line));
    assert.ok(rows.length <= 5, `-l 5 limits the rows:\n${text}`);
    assert.match(rows.slice(0, 3).join("\n"), new RegExp(`hotLoop\\s+main thread\\s+<cell ${hotCell}>:1\\b`), text);
    assert.match(String(table["text/html"]), /<table/);
    const figure = chart["application/vnd.plotly.v1+json"] as { data: Array<{ type: string; labels: string[] }> };
    assert.equal(figure.data[0].type, "icicle");
    assert.ok(figure.data[0].labels.includes("hotLoop"), "the call tree shows the hot function");
  });

  it("-o returns the ProfileResult; its .cpuprofile() is V8's profile format", async () => {
    const file = path.join(folder, "hot.cpuprofile");
    await cells.resultOf(`import { writeFileSync } from "node:fs";\nconst p = %prun -q -o hotLoop(20_000_000)\nwriteFileSync(${JSON.stringify(file)}, p.cpuprofile());`);
    assertV8Profile(JSON.parse(readFileSync(file, "utf8")) as V8Profile);
    const top = JSON.parse(String(await cells.resultOf("JSON.stringify(p.rows.slice(0, 3).map((row) => row.name))")).slice(1, -1)) as string[];
    assert.ok(top.includes("hotLoop"), `top rows: ${top.join(", ")}`);
    const totals = await cells.resultOf("p.rows.every((row) => row.totalMs >= row.selfMs && row.totalPercent <= 100.0001)");
    assert.equal(totals, "true", "a function's total time includes its self time and never exceeds the run");
  });

  it("%%prun profiles the cell body; a recursive function counts once per sample", async () => {
    const cell = [
      "%%prun -s total -l 40",
      "function depth(n: number): number { return n === 0 ? hotLoop(3_000_000) : depth(n - 1); }",
      "for (let k = 0; k < 4; k++) depth(20);",
    ].join("\n");
    const { reply, outputs } = await cells.execute(cell);
    assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
    const table = String((outputsOfType(outputs, "display_data")[0]?.content.data as Record<string, unknown>)["text/plain"]);
    const depthRow = new RegExp(`([\\d.]+)%\\s+depth\\s+main thread\\s+<cell ${Number(reply.content.execution_count)}>:2\\b`).exec(table);
    assert.ok(depthRow, table);
    // depth is on the stack 21 times per sample; counted once, its total stays within the run.
    assert.ok(Number(depthRow[1]) <= 100, table);
  });

  it("profiles every pool worker when the statement runs parallel work, each in V8's format", async () => {
    await cells.resultOf("const W = $tsp.Matrix.rand(200, 200, { seed: 1 });\nawait $tsp.parallelMatmul(W, W);");
    const file = path.join(folder, "worker.cpuprofile");
    const summary = await cells.resultOf(
      [
        `import { writeFileSync as writeProfile } from "node:fs";`,
        "const wp = %prun -q -o -i 200 for (let k = 0; k < 5; k++) await $tsp.parallelMatmul(W, W)",
        `writeProfile(${JSON.stringify(file)}, wp.cpuprofile(wp.workers[0]!.thread));`,
        "JSON.stringify([wp.workers.length, $tsp.pool.workers,",
        "  wp.workers.every((w) => w.rows.some((row) => row.thread === w.thread && /^tsparallel\\/matmul\\/kernels\\//.test(row.location) && row.selfMs > 0))])",
      ].join("\n"),
    );
    const [profiled, poolSize, kernelsSampled] = JSON.parse(JSON.parse(String(summary).replace(/^'|'$/g, "\"")) as string) as [number, number, boolean];
    assert.equal(profiled, poolSize, "one profile per pool worker");
    assert.equal(kernelsSampled, true, "each worker's rows show the matmul kernel it ran, located in the library source");
    assertV8Profile(JSON.parse(readFileSync(file, "utf8")) as V8Profile);
  });

  it("bad flags and a missing statement are one-line UsageErrors", async () => {
    for (const [cell, message] of [
      ["%prun", /^%prun: no statement to profile/],
      ["%prun -s fastest hotLoop(10)", /-s/],
      ["%prun -z hotLoop(10)", /-z/],
      ["%prun -i 0 hotLoop(10)", /-i/],
      ["%%prun -q\n", /^%%prun: the cell has no code to profile$/],
    ] as const) {
      const { reply } = await cells.execute(cell);
      assert.equal(reply.content.ename, "UsageError", `${cell}: ${JSON.stringify(reply.content)}`);
      assert.match(String(reply.content.evalue), message);
      assert.equal((reply.content.traceback as string[]).length, 1, "one line, no stack");
    }
  });

  it("a statement that throws raises its own error, and the next %prun works", async () => {
    const { reply } = await cells.execute("%prun hotLoop(1000); throw new RangeError('not this one')");
    assert.equal(reply.content.ename, "RangeError", JSON.stringify(reply.content));
    assert.equal(reply.content.evalue, "not this one");
    const samples = await cells.resultOf("const again = %prun -q -o hotLoop(10_000_000)\nagain.samples > 0 && again.rows.some((row) => row.name === 'hotLoop')");
    assert.equal(samples, "true");
  });
});
