import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { jupyterDisplaySymbol } from "../../src/cell/mime";
import { Matrix, MatrixInputError, getMemoryLimit, setMemoryLimit } from "../../src/matmul";

describe("Matrix.rand", () => {
  it("reproduces the same values from the same seed", () => {
    const a = Matrix.rand(7, 5, { seed: 42 });
    const b = Matrix.rand(7, 5, { seed: 42 });
    assert.deepEqual(a.toArray(), b.toArray());
  });

  it("gives different values for different seeds, even adjacent ones", () => {
    const a = Matrix.rand(4, 4, { seed: 1 });
    const b = Matrix.rand(4, 4, { seed: 2 });
    const same = a.data.filter((v, i) => v === b.data[i]).length;
    assert.equal(same, 0);
  });

  it("draws uniform values in [0, 1) with mean near 1/2", () => {
    const m = Matrix.rand(200, 200, { seed: 7 });
    let sum = 0;
    for (const v of m.data) {
      assert.ok(v >= 0 && v < 1, `value ${v} outside [0, 1)`);
      sum += v;
    }
    const mean = sum / m.data.length;
    // 40 000 uniforms: standard error of the mean is 0.0014; 0.01 is 7 sigma.
    assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
  });

  it("stores its data on a SharedArrayBuffer", () => {
    assert.ok(Matrix.rand(2, 3).data.buffer instanceof SharedArrayBuffer);
  });
});

describe("Matrix construction and views", () => {
  it("round-trips number[][] through from/toArray", () => {
    const values = [[1, 2, 3], [4, 5, 6]];
    const m = Matrix.from(values);
    assert.equal(m.rows, 2);
    assert.equal(m.cols, 3);
    assert.equal(m.get(1, 0), 4);
    assert.deepEqual(m.toArray(), values);
  });

  it("supports empty and 1×1 matrices", () => {
    assert.deepEqual(Matrix.zeros(0, 5).toArray(), []);
    assert.deepEqual(Matrix.from([]).toArray(), []);
    assert.deepEqual(Matrix.from([[3.5]]).toArray(), [[3.5]]);
  });

  it("rebuilds a matrix from its view over the same memory", () => {
    const m = Matrix.rand(3, 4, { seed: 3 });
    const twin = Matrix.fromView(m.view());
    twin.set(2, 3, -1);
    assert.equal(m.get(2, 3), -1);
  });

  it("compares with a relative tolerance and checks shapes", () => {
    const a = Matrix.from([[1e6, 1]]);
    assert.ok(a.allclose(Matrix.from([[1e6 + 1e-4, 1]]), 1e-9));
    assert.ok(!a.allclose(Matrix.from([[1e6 + 1, 1]]), 1e-9));
    assert.ok(!a.allclose(Matrix.from([[1e6], [1]]), 1e-9));
    assert.ok(!a.allclose(Matrix.from([[NaN, 1]]), 1e-9));
  });

  it("displays its shape and a corner of its values", () => {
    const m = Matrix.from(Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => i * 10 + j)));
    const bundle = m[jupyterDisplaySymbol]();
    const plain = String(bundle["text/plain"]);
    assert.match(plain, /^Matrix 10×10 float64/);
    assert.match(plain, /\b99\b/);
    assert.match(plain, /…/);
    assert.doesNotMatch(plain, /\b55\b/);
    assert.match(String(bundle["text/html"]), /<table>.*<td>0<\/td>/);
  });
});

describe("Matrix bad input", () => {
  for (const [rows, cols] of [[-1, 2], [2, 1.5], [NaN, 2], [2, Infinity], ["3", 2]] as Array<[unknown, unknown]>) {
    it(`rejects a ${String(rows)}×${String(cols)} shape`, () => {
      assert.throws(() => Matrix.zeros(rows as number, cols as number), MatrixInputError);
    });
  }

  it("rejects ragged rows", () => {
    assert.throws(() => Matrix.from([[1, 2], [3]]), /row 1 has 1 elements, expected 2/);
  });

  it("rejects a matrix over the memory limit before allocating it", () => {
    const previous = getMemoryLimit();
    setMemoryLimit(1024);
    try {
      assert.throws(() => Matrix.zeros(100, 100), /needs 78\.1 KiB, more than the memory limit of 1\.0 KiB/);
      assert.equal(Matrix.zeros(8, 16).data.length, 128);
    } finally {
      setMemoryLimit(undefined);
    }
    assert.ok(getMemoryLimit() > 0 && previous > 0);
  });

  it("rejects a size beyond any memory by default (n = 10^7 squared)", () => {
    assert.throws(() => Matrix.zeros(1e7, 1e7), /more than the memory limit/);
  });

  it("rejects a non-finite memory limit", () => {
    assert.throws(() => setMemoryLimit(Number.NaN), MatrixInputError);
  });
});
