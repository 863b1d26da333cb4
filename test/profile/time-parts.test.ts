import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Matrix } from "../../src/matmul/matrix";
import { matmul } from "../../src/matmul/matmul";
import { mathjsPartRules } from "../../src/profile/mathjs-parts";
import { profile } from "../../src/profile/profile";
import type { CpuProfile } from "../../src/profile/sampling";
import { garbageCollection, otherPart, profileParts, sampleParts, type PartRule } from "../../src/profile/time-parts";

const frame = (functionName: string, url = "", lineNumber = -1) => ({ functionName, scriptId: "1", url, lineNumber, columnNumber: 0 });

/**
 * (root) → outer → convert → helper, (root) → outer → loop → helper, (root) → outer,
 * (root) → (garbage collector), (root) → (idle). `helper` is called by both parts; `outer`
 * by neither. Samples 1 ms apart: helper under convert, helper under loop twice, loop,
 * outer, gc, idle twice.
 */
const twoParts: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(root)"), children: [2, 7, 8] },
    { id: 2, callFrame: frame("outer", "/lib/outer.js", 0), children: [3, 5] },
    { id: 3, callFrame: frame("convert", "/lib/convert.js", 0), children: [4] },
    { id: 4, callFrame: frame("helper", "/lib/helper.js", 0) },
    { id: 5, callFrame: frame("loop", "/lib/loop.js", 0), children: [6] },
    { id: 6, callFrame: frame("helper", "/lib/helper.js", 0) },
    { id: 7, callFrame: frame("(garbage collector)") },
    { id: 8, callFrame: frame("(idle)") },
  ],
  startTime: 0,
  endTime: 8000,
  samples: [4, 6, 6, 5, 2, 7, 8, 8],
  timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

const byName = (label: string, name: string): PartRule => ({ label, frames: name, matches: (f) => f.name === name });

describe("splitting a profile into the parts a rule names", () => {
  const parts = profileParts(twoParts, [byName("conversion", "convert"), byName("loop", "loop")]);
  const part = (label: string) => parts.parts.find((candidate) => candidate.label === label)!;

  it("gives a sample to the innermost frame a rule claims: a shared helper counts for its caller", () => {
    assert.equal(part("conversion").samples, 1);
    assert.equal(part("loop").samples, 3, "two samples in helper under loop, one in loop itself");
  });

  it("keeps garbage collection apart and leaves unclaimed code as other", () => {
    assert.equal(part(garbageCollection).samples, 1);
    assert.equal(part(otherPart).samples, 1, "the sample in outer, which no rule names");
  });

  it("weighs samples by their duration and gives shares of the time running code, idle time apart, in the rule's order", () => {
    assert.deepEqual(parts.parts.map((p) => p.label), ["conversion", "loop", garbageCollection, otherPart]);
    assert.equal(part("loop").ms, 3);
    assert.equal(part("loop").share, 0.5);
    assert.equal(parts.sampledMs, 6);
    assert.equal(parts.samples, 6);
    assert.equal(parts.idleMs, 2, "the two idle samples count in no share");
  });
});

describe("the mathjs rule on a real profile of the mathjs kernel", () => {
  it("gives every sample taken inside mathjs or the kernel to one of its two parts, and finds both", async () => {
    const n = 160;
    const a = Matrix.rand(n, n, { seed: 1 });
    const b = Matrix.rand(n, n, { seed: 2 });
    matmul(a, b, { kernel: "mathjs" }); // mathjs loaded and its loop compiled, as in a notebook's timed rounds
    const { profile: result } = await profile(() => {
      for (let round = 0; round < 3; round++) matmul(a, b, { kernel: "mathjs" });
    }, { intervalUs: 200 });
    const parts = profileParts(result.profile, mathjsPartRules);
    const part = (label: string) => parts.parts.find((candidate) => candidate.label === label)!;
    assert.ok(part("multiply loop").samples > 0, "samples in mathjs's loop");
    assert.ok(part("conversion").samples > 0, "samples converting (three products convert 3 × 3 matrices of 25,600 numbers)");

    // Sample by sample, from the stack V8 recorded: whichever is innermost of mathjs's
    // Matrix × Matrix loop and the conversion code (the matrix type's files, the kernel's
    // rowsOf) decides the part, since the loop calls a type scan (getDataType) and the
    // conversion never calls the loop. Any other sample with a mathjs, typed-function or
    // kernel frame must still land in one of the two parts: one in `other` would mean the
    // rule misses a file mathjs runs.
    const nodes = new Map(result.profile.nodes.map((node) => [node.id, node]));
    const parents = new Map<number, number>();
    for (const node of result.profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
    const stackOf = (id: number) => {
      const frames = [];
      for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) frames.push(nodes.get(at)!.callFrame);
      return frames;
    };
    const labels = sampleParts(result.profile, mathjsPartRules);
    let inMathjs = 0;
    (result.profile.samples ?? []).forEach((id, index) => {
      const stack = stackOf(id);
      const where = `sample ${index}: ${stack.map((f) => f.functionName || "(anonymous)").join(" < ")}`;
      const loop = stack.findIndex((f) => f.functionName === "_multiplyDenseMatrixDenseMatrix");
      const conversion = stack.findIndex((f) => f.functionName === "rowsOf" || /node_modules\/mathjs\/lib\/cjs\/type\/matrix\//.test(f.url));
      if (loop >= 0 && (conversion < 0 || loop < conversion)) assert.equal(labels[index], "multiply loop", where);
      if (conversion >= 0 && (loop < 0 || conversion < loop)) assert.equal(labels[index], "conversion", where);
      if (stack.some((f) => /node_modules\/(mathjs|typed-function)\/|matmul\/kernels\/mathjs\.js$/.test(f.url))) {
        inMathjs += 1;
        assert.notEqual(labels[index], otherPart, where);
      }
    });
    assert.ok(inMathjs > 0);
  });
});
