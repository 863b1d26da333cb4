import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, it } from "node:test";
import { jsScalarProbe, memoryCopyProbe } from "../../src/roofline/js-probes";
import { measureOnThread } from "../../src/roofline/measure-thread";
import { probeBuildSupported, wasmMaddProbe, wasmStreamReadProbe } from "../../src/roofline/wasm-probes";

// Each probe returns a value that depends on all the work it claims to time; these
// closed forms are written out here, independently of the probes' own `expected`.
describe("ceiling probes compute what they claim", () => {
  it("wasm f64x2 multiply + add: 12 chains starting at 0..11, both lanes, + 1 per iteration", () => {
    const probe = wasmMaddProbe("simd");
    assert.equal(probe.run(1000), 2 * (0 + 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11) + 24 * 1000);
    assert.equal(probe.run(0), 132);
    assert.equal(probe.amount(1000), 12 * 4 * 1000);
  });

  it("wasm f64x2 FMA (relaxed SIMD), in a Node started with relaxed SIMD", () => {
    // V8 flags are per process, so the relaxed build runs in a child Node with the flag.
    const module = path.resolve(__dirname, "..", "..", "src", "roofline", "wasm-probes");
    const script = `
      const { wasmMaddProbe, probeBuildSupported } = require(${JSON.stringify(module)});
      if (!probeBuildSupported("relaxed")) throw new Error("relaxed build does not validate");
      process.stdout.write(String(wasmMaddProbe("relaxed").run(12345)));`;
    const result = spawnSync(process.execPath, ["--experimental-wasm-relaxed-simd", "-e", script], { encoding: "utf8" });
    assert.equal(result.stderr.trim(), "");
    assert.equal(result.stdout, String(132 + 24 * 12345));
  });

  it("JavaScript scalar multiply + add: 12 chains starting at 0.5..11.5, + 1 per iteration", () => {
    const probe = jsScalarProbe();
    assert.equal(probe.run(1000), 0.5 + 1.5 + 2.5 + 3.5 + 4.5 + 5.5 + 6.5 + 7.5 + 8.5 + 9.5 + 10.5 + 11.5 + 12 * 1000);
    assert.equal(probe.amount(1000), 2 * 12 * 1000);
  });

  it("streaming read sums every float64 of the buffer (all ones), pass after pass", () => {
    const bytes = 1 << 20;
    const probe = wasmStreamReadProbe(bytes);
    assert.equal(probe.run(3), (3 * bytes) / 8);
    assert.equal(probe.amount(3), 3 * bytes);
  });

  it("copy moves the array each pass and counts bytes read plus written", () => {
    const bytes = 1 << 20;
    const probe = memoryCopyProbe(bytes);
    assert.equal(probe.run(5), 5);
    assert.equal(probe.amount(5), 2 * 5 * bytes);
  });

  it("a probe whose result is not its closed form fails the measurement instead of timing it", () => {
    const broken = { ...jsScalarProbe(), expected: (units: number) => units };
    assert.throws(() => measureOnThread(broken, "js-scalar", 5, 0.001, () => {}), /js-scalar probe computed .* expected/);
  });

  it("knows whether this engine validates each build (plain SIMD always, on Node >= 16.4)", () => {
    assert.equal(probeBuildSupported("simd"), true);
    assert.equal(typeof probeBuildSupported("relaxed"), "boolean");
  });
});
