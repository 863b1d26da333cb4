import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { functionRows, sortRows } from "../../src/profile/function-table";
import type { CpuProfile } from "../../src/profile/sampling";

const frame = (functionName: string, url = "", lineNumber = -1) => ({ functionName, scriptId: "1", url, lineNumber, columnNumber: 0 });

/**
 * (root) → walk → walk → leaf, and (root) → (garbage collector): walk recurses. Samples,
 * 1 ms apart from start 0: leaf, inner walk, outer walk, gc; the last lasts until end (4 ms).
 */
const recursive: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(root)"), children: [2, 5] },
    { id: 2, callFrame: frame("walk", "/elsewhere/walk.js", 9), children: [3] },
    { id: 3, callFrame: frame("walk", "/elsewhere/walk.js", 9), children: [4] },
    { id: 4, callFrame: frame("leaf", "tsparallel-cell-1.js", 1) },
    { id: 5, callFrame: frame("(garbage collector)") },
  ],
  startTime: 0,
  endTime: 4000,
  samples: [4, 3, 2, 5],
  timeDeltas: [0, 1000, 1000, 1000],
};

describe("the profile's function table", () => {
  const rows = functionRows(recursive, (script, line) => (script === "tsparallel-cell-1.js" ? `<cell 1>:${line}` : undefined));
  const row = (name: string) => rows.find((candidate) => candidate.name === name)!;

  it("counts a recursive function once per sample in its total, and its self time where it ran", () => {
    assert.equal(row("walk").totalMs, 3, "three samples have walk on the stack, one of them twice");
    assert.equal(row("walk").totalPercent, 75);
    assert.equal(row("walk").selfMs, 2, "the inner and the outer walk each ran for one sample");
    assert.equal(row("leaf").selfMs, 1);
    assert.equal(row("leaf").totalMs, 1);
  });

  it("keeps V8's special nodes as rows and leaves out an unsampled root", () => {
    assert.equal(row("(garbage collector)").selfMs, 1);
    assert.equal(row("(garbage collector)").location, "");
    assert.equal(rows.find((candidate) => candidate.name === "(root)"), undefined);
  });

  it("names cell code by its cell and line, other scripts by their path and one-based line", () => {
    assert.equal(row("leaf").location, "<cell 1>:2");
    assert.equal(row("walk").location, "/elsewhere/walk.js:10");
  });

  it("sorts by self time, total time or name", () => {
    assert.deepEqual(sortRows(rows, "self").map((r) => r.name), ["walk", "(garbage collector)", "leaf"]);
    assert.deepEqual(sortRows(rows, "total").map((r) => r.name), ["walk", "(garbage collector)", "leaf"]);
    assert.deepEqual(sortRows(rows, "name").map((r) => r.name), ["(garbage collector)", "leaf", "walk"]);
  });
});
