import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { type Ceiling, type MachineCeilings, type ProbeName, roofline, spreadOf } from "../../src";
import { PROBES } from "../../src/roofline/probe";

/** A ceiling whose every run gave `one` (one thread) or `all` (two threads together). */
function ceiling(probe: ProbeName, one: number, all: number): Ceiling {
  return { probe, ...PROBES[probe], oneThread: spreadOf([one, one, one, one, one]), allThreads: spreadOf([all, all, all, all, all]), threads: 2 };
}

/** Constructed ceilings: 10 GB/s read (16 on two threads), scalar 5, wasm FMA 20 (38) GFLOP/s. */
function machine(withFma = true): MachineCeilings {
  const ceilings: Partial<Record<ProbeName, Ceiling>> = {
    "memory-read": ceiling("memory-read", 10, 16),
    "js-scalar": ceiling("js-scalar", 5, 9),
    "wasm-simd": ceiling("wasm-simd", 12, 22),
  };
  if (withFma) ceilings["wasm-fma"] = ceiling("wasm-fma", 20, 38);
  return {
    ceilings,
    unavailable: withFma ? [] : [{ probe: "wasm-fma", reason: "this engine lacks WebAssembly relaxed SIMD" }],
    procedure: "constructed for the test",
    runs: 5,
    secondsPerRun: 0.05,
    loadAverage: { before: 0, after: 0 },
    measuredAt: new Date(0),
  };
}

const rates = (median: number) => spreadOf([median * 0.9, median, median, median, median * 1.1]);

describe("roofline placement against constructed ceilings", () => {
  const result = roofline([
    { label: "naive", gflops: rates(1), intensity: 0.25, compute: "js-scalar" },
    { label: "blocked", gflops: rates(3), intensity: 14.7, compute: "js-scalar" },
    { label: "wasm on 2", gflops: rates(19), intensity: 2, compute: "wasm-fma", threads: 2 },
    { label: "OpenBLAS", gflops: rates(40), intensity: 8 },
  ], machine());
  const [naive, blocked, wasmTwo, native] = result.placements;

  it("a low-intensity run is bound by memory: bandwidth × intensity", () => {
    assert.equal(naive!.memoryRoof, 2.5);
    assert.equal(naive!.binding, "memory");
    assert.equal(naive!.fraction, 0.4);
  });

  it("a high-intensity run is bound by its own compute ceiling", () => {
    assert.equal(blocked!.binding, "js-scalar");
    assert.equal(blocked!.computeRoof, 5);
    assert.equal(blocked!.fraction, 0.6);
  });

  it("a run on more than one thread is held to the all-cores ceilings", () => {
    assert.equal(wasmTwo!.memoryRoof, 32);
    assert.equal(wasmTwo!.computeRoof, 38);
    assert.equal(wasmTwo!.binding, "memory");
    assert.equal(wasmTwo!.fraction, 19 / 32);
  });

  it("a native run has no ceiling from Node, no fraction, and names the ceilings it lies above", () => {
    assert.equal(native!.binding, undefined);
    assert.equal(native!.fraction, undefined);
    assert.deepEqual(native!.above, ["wasm-fma", "wasm-simd", "js-scalar"]);
    assert.deepEqual(blocked!.above, [], "3 GFLOP/s is under every compute ceiling");
  });

  it("tables the fraction of the binding ceiling per run", () => {
    const text = result.table().toText();
    assert.match(text, /naive\s+0\.25\s+1 GFLOP\/s \(0\.9–1\.1, 5 runs\)\s+memory \(memory streaming read\)\s+2\.5 GFLOP\/s\s+40%/);
    assert.match(text, /blocked .* JavaScript scalar multiply \+ add\s+5 GFLOP\/s\s+60%/);
    assert.match(text, /OpenBLAS .* none from Node \(native; above wasm-fma, wasm-simd, js-scalar\)/);
  });

  it("charts the ceilings as log-log lines and every run as a point, with no line for the native run", () => {
    const { data, layout } = result.chart().toJSON();
    assert.equal((layout.xaxis as { type: string }).type, "log");
    assert.equal((layout.yaxis as { type: string }).type, "log");
    const lines = data.filter((trace) => trace.mode === "lines+text").map((trace) => String(trace.name));
    // Memory and three compute ceilings, on one thread and (a run used two) on two threads.
    assert.equal(lines.length, 8, lines.join("; "));
    assert.ok(lines.some((name) => name === "memory read 10.0 GB/s"));
    assert.ok(lines.some((name) => name.startsWith("WebAssembly SIMD f64x2 FMA (relaxed SIMD) 38.0 GFLOP/s, 2 threads")));
    assert.ok(!lines.some((name) => /OpenBLAS|AVX/.test(name)));
    // The one-thread memory diagonal ends where it meets the highest compute ceiling, 20 GFLOP/s.
    const diagonal = data.find((trace) => trace.name === "memory read 10.0 GB/s")!;
    assert.equal((diagonal.y as number[])[1], 20);
    const points = data.filter((trace) => trace.mode === "markers");
    assert.deepEqual(points.map((trace) => trace.name), ["naive", "blocked", "wasm on 2", "OpenBLAS"]);
    assert.deepEqual(points[3]!.y, [40]);
    assert.deepEqual((points[3]!.error_y as { array: number[] }).array, [4]);
  });

  it("refuses a point held to a ceiling this engine could not measure, giving the reason", () => {
    assert.throws(
      () => roofline([{ label: "wasm", gflops: rates(10), intensity: 8, compute: "wasm-fma" }], machine(false)),
      /wasm is held to the wasm-fma ceiling, which is not available: this engine lacks WebAssembly relaxed SIMD/,
    );
  });

  it("refuses an intensity that is not a positive number", () => {
    for (const intensity of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => roofline([{ label: "x", gflops: rates(1), intensity, compute: "js-scalar" }], machine()), /positive intensity/);
    }
  });

  it("displays the ceilings table when no run is placed", () => {
    const empty = roofline([], machine(false));
    const text = empty.ceilingsTable().toText();
    assert.match(text, /WebAssembly SIMD f64x2 FMA \(relaxed SIMD\)\s+unavailable\s+this engine lacks/);
    assert.match(text, /memory streaming read\s+10 GB\/s \(10–10, 5 runs\)\s+16 GB\/s \(16–16, 5 runs\) on 2/);
  });
});
