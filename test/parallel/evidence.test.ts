import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { comparisonStatement, relate, traceShares, traceStatements, type Statement } from "../../src/parallel/evidence";
import type { RunTrace, WorkerTrace } from "../../src/parallel/trace";
import { spreadOf } from "../../src/timing/spread";

/**
 * The statement rules on constructed traces: each cause is named exactly when the
 * trace's own shares show it, including traces whose wall time alone would suggest
 * another cause.
 */
type Parts = Pick<WorkerTrace, "queuedUs" | "transferUs" | "computeUs" | "idleUs" | "units">;

function traceOf(workers: Parts[], mode: RunTrace["mode"] = "pool"): RunTrace {
  const wallUs = workers[0]!.queuedUs + workers[0]!.transferUs + workers[0]!.computeUs + workers[0]!.idleUs;
  const units = workers.reduce((sum, w) => sum + w.units, 0);
  return {
    label: "matmul:naive", mode, workers: workers.length, grain: "row", dispatch: "message", transport: "shared",
    units, unitsPerChunk: 1, chunks: units, startUs: 0, wallUs, serialUs: 0, headUs: 0, tailUs: 0,
    dispatcher: { busyUs: 0, copyUs: 0 },
    perWorker: workers.map((w, index) => ({ threadId: index + 1, tasks: w.units, chunks: w.units, ...w })),
  };
}

const kinds = (statements: Statement[]) => statements.map((s) => s.kind);
/** Two workers, 100 units each, wall 100 ms. */
const worker = (queuedUs: number, computeUs: number, idleUs: number, transferUs = 0): Parts => ({ queuedUs, transferUs, computeUs, idleUs, units: 100 });

describe("traceStatements", () => {
  test("the shares of the workers' time sum to one and are always stated for a pool run", () => {
    const trace = traceOf([worker(20_000, 70_000, 10_000), worker(30_000, 60_000, 5_000, 5_000)]);
    const shares = traceShares(trace);
    assert.ok(Math.abs(shares.queued + shares.transfer + shares.compute + shares.idle - 1) < 1e-12);
    assert.equal(shares.dispatch, shares.queued + shares.transfer);
    const statements = traceStatements(trace);
    assert.equal(statements[0]!.kind, "shares");
    assert.match(statements[0]!.text, /computing 65%, waiting for tasks 25%, transfer 3% and idle at the end 8%/);
  });

  test("dispatch dominates only when waiting and transfer pass half of the workers' time", () => {
    const dominated = traceStatements(traceOf([worker(70_000, 30_000, 0), worker(65_000, 30_000, 0, 5_000)]));
    assert.ok(kinds(dominated).includes("dispatch-dominates"));
    assert.match(dominated.find((s) => s.kind === "dispatch-dominates")!.text, /70%/);
    const notable = traceStatements(traceOf([worker(30_000, 70_000, 0), worker(30_000, 70_000, 0)]));
    assert.ok(!kinds(notable).includes("dispatch-dominates"));
    assert.ok(!kinds(notable).includes("dispatch-negligible"), "30% is neither dominant nor negligible");
  });

  test("a run slower than serial with little dispatch: the workers computed slower, and dispatch is not named as the cause", () => {
    // Serial: 10 ms for 200 units (50 µs each); the workers took 150 µs per unit, waiting 6%.
    const trace = traceOf([worker(1_000, 15_000, 0), worker(1_000, 15_000, 0)]);
    const serialSeconds = spreadOf([0.0100, 0.0098, 0.0104, 0.0101, 0.0099]);
    const statements = traceStatements({ traces: [trace], serialSeconds });
    assert.ok(!kinds(statements).includes("dispatch-dominates"));
    assert.ok(kinds(statements).includes("dispatch-negligible"));
    assert.ok(kinds(statements).includes("slower-compute"));
    assert.match(statements.find((s) => s.kind === "slower-compute")!.text, /150 µs per unit against at most 52 µs/);
  });

  test("compute per unit within the serial runs' range is not called slower", () => {
    const trace = traceOf([worker(1_000, 5_100, 0), worker(1_000, 5_100, 0)]); // 51 µs per unit
    const serialSeconds = spreadOf([0.0100, 0.0098, 0.0104]); // 49–52 µs per unit over 200 units
    assert.ok(!kinds(traceStatements({ traces: [trace], serialSeconds })).includes("slower-compute"));
  });

  test("dispatch dominating and slower compute together: both are stated, since both are shown", () => {
    const trace = traceOf([worker(60_000, 40_000, 0), worker(60_000, 40_000, 0)]); // 400 µs per unit
    const statements = traceStatements({ traces: [trace], serialSeconds: spreadOf([0.02, 0.021]) }); // ≤ 105 µs per unit
    assert.ok(kinds(statements).includes("dispatch-dominates"));
    assert.ok(kinds(statements).includes("slower-compute"));
  });

  test("imbalance only when the idle share at the end is large", () => {
    const imbalanced = traceStatements(traceOf([worker(1_000, 99_000, 0), worker(1_000, 39_000, 60_000)]));
    assert.ok(kinds(imbalanced).includes("imbalance"));
    const balanced = traceStatements(traceOf([worker(1_000, 99_000, 0), worker(1_000, 94_000, 5_000)]));
    assert.ok(!kinds(balanced).includes("imbalance"));
  });

  test("unequal speed only when compute per unit differs beyond the threshold, counted over runs", () => {
    const unequal = traceOf([worker(1_000, 90_000, 9_000), { ...worker(1_000, 45_000, 54_000), units: 100 }].map((w, i) => (i === 0 ? { ...w, units: 50 } : w)));
    const equal = traceOf([worker(1_000, 90_000, 9_000), worker(1_000, 88_000, 11_000)]);
    const single = traceStatements(unequal);
    assert.match(single.find((s) => s.kind === "unequal-speed")!.text, /up to 4\.00× as long per unit/);
    assert.ok(!kinds(traceStatements(equal)).includes("unequal-speed"));
    const over = traceStatements({ traces: [unequal, equal, equal] });
    assert.match(over.find((s) => s.kind === "unequal-speed")!.text, /in 1 of 3 runs/);
  });

  test("a slow run whose trace shows no cause gets only its shares: no cause is invented", () => {
    // Wall time far above serial, but dispatch 20%, no idle, equal speed, and no serial runs to compare.
    const statements = traceStatements(traceOf([worker(20_000, 80_000, 0), worker(20_000, 80_000, 0)]));
    assert.deepEqual(kinds(statements), ["shares"]);
  });

  test("an inline run has no workers to speak of", () => {
    assert.deepEqual(traceStatements(traceOf([worker(0, 100_000, 0)], "inline")), []);
  });
});

describe("comparisons", () => {
  const serial = { name: "serial", seconds: spreadOf([0.100, 0.098, 0.104, 0.101, 0.099]) };

  test("faster only when the ranges do not overlap", () => {
    const statement = comparisonStatement(serial, { name: "2 workers", seconds: spreadOf([0.052, 0.050, 0.055, 0.051, 0.053]) });
    assert.equal(statement.kind, "faster");
    assert.match(statement.text, /^2 workers was 1\.92× faster than serial: median 52 ms \(50–55 ms\) against 100 ms \(98–104 ms\)/);
  });

  test("slower only when the ranges do not overlap", () => {
    const statement = comparisonStatement(serial, { name: "one message per element", seconds: spreadOf([3.6, 3.5, 3.7, 3.6, 3.8]) });
    assert.equal(statement.kind, "slower");
    assert.match(statement.text, /36× slower than serial/);
  });

  test("medians 30% apart with overlapping ranges are indistinguishable, whatever the medians say", () => {
    const noisy = { name: "3 workers", seconds: spreadOf([0.070, 0.065, 0.099, 0.072, 0.140]) };
    const statement = comparisonStatement(serial, noisy);
    assert.equal(statement.kind, "indistinguishable");
    assert.match(statement.text, /indistinguishable within the spread/);
    assert.doesNotMatch(statement.text, /faster|slower/);
  });

  test("ranges that touch count as overlapping", () => {
    assert.equal(relate(spreadOf([1, 2]), spreadOf([2, 3])).kind, "indistinguishable");
    assert.equal(relate(spreadOf([1, 2]), spreadOf([2.001, 3])).kind, "slower");
  });
});
