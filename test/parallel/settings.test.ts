import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { Matrix, matmul } from "../../src/matmul";
import { closePool, parallelFor, parallelMatmul, withParallelSettings } from "../../src/parallel";

after(() => closePool());

describe("withParallelSettings (what %parallel flags do to a statement)", () => {
  const A = Matrix.rand(12, 10, { seed: 1 });
  const B = Matrix.rand(10, 8, { seed: 2 });

  test("overrides the calls' options and collects their traces", async () => {
    const { value, traces } = await withParallelSettings({ grain: "element", dispatch: "message", workers: 2 }, async () => {
      const c = await parallelMatmul(A, B, { kernel: "naive", grain: "row", dispatch: "shared" });
      const y = new Float64Array(new SharedArrayBuffer(40));
      await parallelFor(5, "y[i] = i", { y });
      return c;
    });
    assert.ok(value.allclose(matmul(A, B, { kernel: "naive" }), 1e-12));
    assert.equal(traces.length, 2);
    assert.deepEqual(traces.map((t) => [t.grain, t.dispatch, t.workers]), [["element", "message", 2], ["row", "message", 2]]);
  });

  test("inline runs the statement serially; outside the scope nothing is overridden", async () => {
    const { traces } = await withParallelSettings({ inline: true }, () => parallelMatmul(A, B, { kernel: "dot" }));
    assert.equal(traces[0]!.mode, "inline");
    const { trace } = await parallelMatmul(A, B, { kernel: "dot", grain: "row", trace: true });
    assert.equal(trace.mode, "pool");
    assert.equal(trace.grain, "row");
  });

  test("a bad setting is a UsageError from the call", async () => {
    await assert.rejects(withParallelSettings({ grain: "coarse" as never }, () => parallelMatmul(A, B)), { name: "UsageError" });
  });
});
