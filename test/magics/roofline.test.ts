import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { kernelCellsForSuite, streamText } from "../execution/kernel-cells";

/** Short ceiling probes: what is checked holds at any run length. */
const PROBE = "--probe-seconds 0.01";

describe("%roofline in a real kernel", { timeout: 300_000 }, () => {
  const cells = kernelCellsForSuite();

  it("alone, measures the ceilings and shows them as a table", async () => {
    const { reply, outputs } = await cells.execute(`%roofline ${PROBE}`);
    assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
    const shown = outputs.filter((m) => m.header.msg_type === "display_data").map((m) => (m.content.data as Record<string, string>)["text/plain"]);
    assert.equal(shown.length, 1);
    assert.match(shown[0]!, /JavaScript scalar multiply \+ add\s+[\d.]+ GFLOP\/s \([\d.]+–[\d.]+, 5 runs\)/);
    assert.match(shown[0]!, /memory streaming read\s+[\d.]+ GB\/s/);
  });

  it("-o -n N KERNELS: times each kernel serially and places it, the ceilings reused from the session", async () => {
    await cells.resultOf("const first = %roofline -o -q");
    await cells.resultOf(`const r = %roofline -o -q -n 48 naive wasm`);
    assert.equal(await cells.resultOf("r.ceilings === first.ceilings"), "true", "without --refresh the ceilings are the session's");
    assert.equal(await cells.resultOf("r.placements.map((p) => [p.point.label, p.point.gflops.runs.length, p.point.compute])"),
      "[ [ 'naive n=48', 5, 'js-scalar' ], [ 'wasm n=48', 5, 'wasm-simd' ] ]");
    // At n = 48 all three matrices fit the cache: 2·48³ flop over 3·48²·8 bytes, 4 flop per byte.
    assert.equal(await cells.resultOf("r.placements[0]!.point.intensity"), "4");
    const fractions = await cells.resultOf("r.placements.every((p) => p.fraction! > 0 && p.fraction! === p.point.gflops.median / Math.min(p.memoryRoof, p.computeRoof!))");
    assert.equal(fractions, "true");
  });

  it("shows the placement table and a plotly roofline chart", async () => {
    const { reply, outputs } = await cells.execute("%roofline -n 32 -r 5 blocked");
    assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
    const bundles = outputs.filter((m) => m.header.msg_type === "display_data").map((m) => m.content.data as Record<string, unknown>);
    assert.equal(bundles.length, 2);
    assert.match(String(bundles[0]!["text/plain"]), /blocked n=32\s+[\d.]+\s+[\d.]+ GFLOP\/s .*\d+%/);
    const figure = bundles[1]!["application/vnd.plotly.v1+json"] as { layout: { xaxis: { type: string } } };
    assert.equal(figure.layout.xaxis.type, "log");
  });

  it("--refresh measures the ceilings again", async () => {
    await cells.resultOf(`const again = %roofline -o -q --refresh ${PROBE}`);
    assert.equal(await cells.resultOf("again.ceilings === first.ceilings"), "false");
  });

  it("bad input is a one-line UsageError, and the session keeps its variables", async () => {
    for (const [cell, message] of [
      ["%roofline -n 64 nosuch", "%roofline: unknown kernel 'nosuch'; expected one of naive, sum, dot, blocked, wasm, mathjs"],
      ["%roofline -n 64", "%roofline: -n and -r time kernels; name at least one, e.g. %roofline -n 500 blocked wasm"],
      ["%roofline -r 2 naive", "argument -r: must be at least 5, got 2"],
      ["%roofline -n 64 naive,naive", "%roofline: kernel 'naive' is listed twice"],
    ]) {
      await cells.assertUsageError(cell!, message!);
    }
    assert.equal(await cells.resultOf("r.placements.length"), "2");
  });

  it("%roofline? prints help generated from the declaration", async () => {
    const { outputs } = await cells.execute("%roofline?");
    const help = streamText(outputs, "stdout");
    assert.match(help, /^Measure this machine's ceilings/);
    assert.match(help, /%roofline \[-n N\] \[-r R\] \[--refresh\] \[--probe-seconds S\] \[-q\] \[-o\] kernels/);
  });
});
