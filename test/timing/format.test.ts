import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TimeitResult, formatG, formatTime, formatTimeitResult, slowestRunWarning, compileTimeNote } from "../../src/timing";

/** [seconds, precision, IPython 8.5's _format_time(seconds, precision)], printed by IPython itself. */
const ipythonFormatTime: Array<[number, number, string]> = [
  [1.234e-9, 3, "1.23 ns"],
  [5e-10, 3, "0.5 ns"],
  [0, 3, "0 ns"],
  [1.23456e-7, 3, "123 ns"],
  [1.23456e-7, 6, "123.456 ns"],
  [9.9996e-7, 3, "1e+03 ns"],
  [0.001, 3, "1 ms"],
  [0.2, 3, "200 ms"],
  [2.5, 1, "2 s"],
  [30, 3, "30 s"],
  [59.99999, 3, "60 s"],
  [60, 3, "1min"],
  [61.5, 3, "1min 1s"],
  [123.4, 3, "2min 3s"],
  [3661, 3, "1h 1min 1s"],
  [90061.2, 3, "1d 1h 1min 1s"],
  [172800.5, 3, "2d"],
  [0.000123456, 2, "1.2e+02 \u00b5s"],
  [0.0123456, 4, "12.35 ms"],
  [1e-12, 3, "0.001 ns"],
  [4.5e-6, 1, "4 \u00b5s"],
  [0.125, 2, "1.2e+02 ms"],
];

function result(loops: number, repeat: number, allRuns: number[], precision = 3): TimeitResult {
  return new TimeitResult({ loops, repeat, allRuns, compileTime: 0, precision });
}

describe("formatTime (IPython's _format_time)", () => {
  for (const [seconds, precision, expected] of ipythonFormatTime) {
    it(`${seconds} s at precision ${precision} -> ${expected}`, () => {
      assert.equal(formatTime(seconds, precision), expected);
    });
  }
});

describe("formatG (Python's %g)", () => {
  it("switches to exponent notation as Python does and rounds exact ties to even", () => {
    assert.equal(formatG(123456, 3), "1.23e+05");
    assert.equal(formatG(0.0001234, 3), "0.000123");
    assert.equal(formatG(0.00001234, 3), "1.23e-05");
    assert.equal(formatG(2.5, 1), "2");
    assert.equal(formatG(3.5, 1), "4");
    assert.equal(formatG(100, 0), "1e+02");
    assert.equal(formatG(1.5, 3), "1.5");
  });
});

describe("formatTimeitResult (IPython's TimeitResult.__str__)", () => {
  it("matches IPython for plural runs and loops", () => {
    assert.equal(
      formatTimeitResult(result(10, 3, [1e-5, 5e-5, 2e-5])),
      "2.67 \u00b5s \u00b1 1.7 \u00b5s per loop (mean \u00b1 std. dev. of 3 runs, 10 loops each)",
    );
  });
  it("uses the singular for one run of one loop", () => {
    assert.equal(formatTimeitResult(result(1, 1, [2])), "2 s \u00b1 0 ns per loop (mean \u00b1 std. dev. of 1 run, 1 loop each)");
  });
  it("groups thousands in the loop count and honours the precision", () => {
    const r = result(1_000_000, 7, [0.1, 0.11, 0.12, 0.1, 0.1, 0.13, 0.1], 2);
    assert.equal(String(r), "1.1e+02 ns \u00b1 11 ns per loop (mean \u00b1 std. dev. of 7 runs, 1,000,000 loops each)");
    assert.ok(Math.abs(r.average - 1.0857142857142857e-7) < 1e-20);
    assert.ok(Math.abs(r.stdev - 1.1248582677159725e-8) < 1e-20);
  });
  it("formats minutes for long loops", () => {
    assert.equal(String(result(1, 2, [75, 80])), "1min 17s \u00b1 2.5 s per loop (mean \u00b1 std. dev. of 2 runs, 1 loop each)");
  });
  it("displays as the same line in text/plain and text/html", () => {
    const r = result(10, 3, [1e-5, 5e-5, 2e-5]);
    const bundle = (r as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]();
    assert.equal(bundle["text/plain"], String(r));
    assert.equal(bundle["text/html"], `<pre>${String(r)}</pre>`);
  });
  it("holds IPython's fields", () => {
    const r = result(10, 3, [1e-5, 5e-5, 2e-5]);
    assert.deepEqual([r.loops, r.repeat, r.best, r.worst], [10, 3, 1e-5 / 10, 5e-5 / 10]);
    assert.deepEqual(r.all_runs, [1e-5, 5e-5, 2e-5]);
    assert.deepEqual(r.timings, [1e-5 / 10, 5e-5 / 10, 2e-5 / 10]);
  });
});

describe("slowestRunWarning (IPython's condition and wording)", () => {
  it("warns when the slowest run is more than 4 times the fastest and above a microsecond", () => {
    assert.equal(
      slowestRunWarning(result(10, 3, [1e-5, 5e-5, 2e-5])),
      "The slowest run took 5.00 times longer than the fastest. This could mean that an intermediate result is being cached.",
    );
  });
  it("stays quiet at exactly 4 times, below a microsecond per loop, or with a zero best", () => {
    assert.equal(slowestRunWarning(result(1, 2, [1e-5, 4e-5])), undefined);
    assert.equal(slowestRunWarning(result(1, 2, [1e-8, 9e-7])), undefined);
    assert.equal(slowestRunWarning(result(1, 2, [0, 1])), undefined);
  });
  it("notes compile times above 0.1 s as IPython does", () => {
    assert.equal(compileTimeNote(new TimeitResult({ loops: 1, repeat: 1, allRuns: [1], compileTime: 0.25, precision: 3 })), "Compiler time: 0.25 s");
    assert.equal(compileTimeNote(result(1, 1, [1])), undefined);
  });
});
