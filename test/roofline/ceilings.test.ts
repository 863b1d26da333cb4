import { strict as assert } from "node:assert";
import * as os from "node:os";
import { describe, it } from "node:test";
import { type Ceiling, type MachineCeilings, PROBE_NAMES, measureCeilings } from "../../src";
import { probeBuildSupported } from "../../src/roofline/wasm-probes";

// Short runs keep the suite quick; what is checked holds at any run length.
const QUICK = { runs: 5, seconds: 0.01 };

function assertSound(ceiling: Ceiling, threads: number): void {
  for (const spread of [ceiling.oneThread, ceiling.allThreads]) {
    assert.equal(spread.runs.length, QUICK.runs);
    for (const rate of spread.runs) assert.ok(Number.isFinite(rate) && rate > 0, `${ceiling.probe}: rate ${rate}`);
    assert.ok(spread.min <= spread.median && spread.median <= spread.max, `${ceiling.probe}: ${JSON.stringify(spread)}`);
  }
  assert.equal(ceiling.threads, threads);
  assert.ok(ceiling.method.length > 0 && ceiling.label.length > 0);
  assert.ok(ceiling.unit === "GFLOP/s" || ceiling.unit === "GB/s");
}

describe("measureCeilings", () => {
  let first: MachineCeilings;

  it("measures every probe this engine runs, on one thread and on all cores, with finite positive rates and ordered spreads", async () => {
    first = await measureCeilings({ ...QUICK, refresh: true });
    const measured = Object.keys(first.ceilings);
    const skipped = first.unavailable.map((entry) => entry.probe);
    assert.deepEqual([...measured, ...skipped].sort(), [...PROBE_NAMES].sort());
    for (const ceiling of Object.values(first.ceilings)) assertSound(ceiling!, os.availableParallelism());
    assert.equal(first.ceilings["wasm-fma"] !== undefined, probeBuildSupported("relaxed"));
    for (const entry of first.unavailable) assert.match(entry.reason, /relaxed SIMD/);
    assert.match(first.procedure, /5 runs of >= 10 ms/);
  });

  it("returns the cached result to later calls, and measures again with refresh", async () => {
    assert.equal(await measureCeilings(), first);
    const again = await measureCeilings({ ...QUICK, threads: 1, refresh: true });
    assert.notEqual(again, first);
    for (const ceiling of Object.values(again.ceilings)) assertSound(ceiling!, 1);
    assert.equal(await measureCeilings(), again);
  });

  it("rejects options it cannot measure with", () => {
    assert.throws(() => measureCeilings({ runs: 0 }), /runs must be a positive integer/);
    assert.throws(() => measureCeilings({ seconds: -1 }), /seconds must be a positive number/);
    assert.throws(() => measureCeilings({ threads: 1.5 }), /threads must be a positive integer/);
  });
});
