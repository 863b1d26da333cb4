import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { comparisonChart, comparisonTable, type ModeRow } from "../../src/magics/parallel-report";

/** A row as runComparison builds it, from the given runs (seconds). */
function row(mode: string, workers: number, timings: number[], speedup: number): ModeRow {
  const sorted = [...timings].sort((a, b) => a - b);
  const average = timings.reduce((sum, t) => sum + t, 0) / timings.length;
  const std = Math.sqrt(timings.reduce((sum, t) => sum + (t - average) ** 2, 0) / timings.length);
  return { mode, workers, median: sorted[sorted.length >> 1]!, mean: average, std, best: sorted[0]!, worst: sorted[sorted.length - 1]!, timings, speedup, efficiency: speedup / workers };
}

describe("%parallel --compare output", () => {
  // One disturbed run: the mean ± 1 std reaches below zero (mean 24 ms, std 38 ms), the runs do not.
  const rows = [row("serial", 1, [0.010, 0.011, 0.010, 0.012, 0.010], 1), row("2 workers", 2, [0.005, 0.005, 0.004, 0.100, 0.006], 2)];

  test("the chart's whiskers run from the fastest to the slowest run, never below zero", () => {
    const trace = comparisonChart(rows, "t").toJSON().data[0] as unknown as { y: number[]; error_y: { symmetric: boolean; array: number[]; arrayminus: number[] }; textposition: string };
    assert.ok(rows[1]!.mean - rows[1]!.std < 0, "the case a ±1 std bar drew below zero");
    assert.equal(trace.error_y.symmetric, false);
    const close = (actual: number[], expected: number[]) => actual.forEach((value, i) => assert.ok(Math.abs(value - expected[i]!) < 1e-9, `${actual} against ${expected}`));
    close(trace.y, [10, 5]);
    close(trace.error_y.array, [2, 95]);
    close(trace.error_y.arrayminus, [0, 1]);
    trace.y.forEach((median, i) => assert.ok(median - trace.error_y.arrayminus[i]! >= 0));
    assert.equal(trace.textposition, "inside", "the speedup label is not crossed by the whisker");
  });

  test("the table gives each mode's range with its number of runs", () => {
    const text = comparisonTable(rows, "caption").toText();
    assert.match(text, /^serial\s.*10 ms – 12 ms, 5 runs/m);
    assert.match(text, /^2 workers\s.*4 ms – 100 ms, 5 runs/m);
  });
});
