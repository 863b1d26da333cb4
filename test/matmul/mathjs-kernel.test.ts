import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, it } from "node:test";
import { mathjsMatrixOf, mathjsOperandB } from "../../src/matmul/kernels/mathjs";
import { Matrix, kernels } from "../../src/matmul";

describe("the mathjs kernel's operands", () => {
  it("converts B once per thread and product: every chunk of the product gets the same mathjs matrix", () => {
    const a = Matrix.rand(6, 5, { seed: 1 });
    const b = Matrix.rand(5, 4, { seed: 2 });
    const first = kernels.mathjs.prepare(a, b);
    const operand = mathjsOperandB(b, first);
    assert.equal(mathjsOperandB(b, first), operand, "a second chunk of the same product reuses B's matrix");
    const second = kernels.mathjs.prepare(a, b);
    assert.notEqual(mathjsOperandB(b, second), operand, "the next product converts B afresh");
    kernels.mathjs.release?.(first);
    kernels.mathjs.release?.(second);
  });

  it("declares its element type, so mathjs's multiply does not scan the elements of either operand to find it", () => {
    const b = Matrix.rand(5, 4, { seed: 2 });
    const matrix = mathjsMatrixOf(b, 0, b.rows);
    assert.equal(matrix.datatype(), "number");
    assert.deepEqual(matrix.size(), [5, 4]);
    assert.deepEqual(matrix.valueOf(), Array.from({ length: 5 }, (_, i) => Array.from(b.data.subarray(i * 4, (i + 1) * 4))));
  });

  it("hands mathjs rows that are packed arrays of doubles, the form its loop reads fastest", () => {
    // V8 says an array's elements kind only through natives syntax, so ask a child Node started with it.
    const module = path.resolve(__dirname, "../../src/matmul/kernels/mathjs.js");
    const library = path.resolve(__dirname, "../../src/matmul/index.js");
    const script = `
      const { mathjsMatrixOf } = require(${JSON.stringify(module)});
      const { Matrix } = require(${JSON.stringify(library)});
      const rows = mathjsMatrixOf(Matrix.rand(7, 3, { seed: 3 }), 2, 6).valueOf();
      const packed = rows.length === 4 && %HasFastPackedElements(rows) && rows.every((row) => %HasFastPackedElements(row) && %HasDoubleElements(row));
      process.stdout.write(packed ? "packed" : "not packed");`;
    const result = spawnSync(process.execPath, ["--allow-natives-syntax", "-e", script], { encoding: "utf8" });
    assert.equal(result.stderr.trim(), "");
    assert.equal(result.stdout, "packed");
  });
});
