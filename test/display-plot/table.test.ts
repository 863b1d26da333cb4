import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { jupyterDisplaySymbol } from "../../src/cell/mime";
import { formats, table } from "../../src/display/table";

const modes = [
  { mode: "serial", time: 1.23456, speedup: 1, efficiency: 1 },
  { mode: "per row", time: 0.7, speedup: 1.7637, efficiency: 0.88183 },
];

describe("table", () => {
  test("text/plain aligns columns: numbers right, text left", () => {
    assert.equal(
      table(modes)[jupyterDisplaySymbol]()["text/plain"],
      ["mode      time  speedup  efficiency", "-------  -----  -------  ----------", "serial   1.235        1           1", "per row    0.7    1.764      0.8818"].join("\n"),
    );
  });

  test("columns pick, label and format fields", () => {
    const shown = table(modes, ["mode", { key: "efficiency", label: "eff.", format: (v) => `${Math.round(Number(v) * 100)}%` }], { caption: "Modes" });
    assert.equal(shown.toText(), ["Modes", "mode     eff.", "-------  ----", "serial   100%", "per row   88%"].join("\n"));
    assert.match(shown.toHtml(), /<caption>Modes<\/caption><thead><tr><th style="text-align: left">mode<\/th><th style="text-align: right">eff\.<\/th><\/tr><\/thead>/);
  });

  test("HTML escapes every cell, header and caption", () => {
    const html = table([{ "<b>": `<script>alert("x")</script> & 'y'` }], undefined, { caption: "<i>c</i>" })[jupyterDisplaySymbol]()["text/html"] as string;
    assert.ok(!html.includes("<script>"), html);
    assert.ok(!html.includes("<b>") && !html.includes("<i>"), html);
    assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &#39;y&#39;/);
    assert.match(html, /<th style="text-align: left">&lt;b&gt;<\/th>/);
  });

  test("missing values are empty cells; keys come from all rows in order", () => {
    assert.equal(table([{ a: 1 }, { b: "x" }]).toText(), ["a  b", "-  -", "1", "   x"].join("\n"));
  });

  test("bad rows are a one-line error", () => {
    assert.throws(() => table("rows" as unknown as []), { message: "table: rows must be an array of objects" });
    assert.throws(() => table([null as unknown as Record<string, unknown>]), { message: "table: row 0 is not an object" });
  });
});

describe("table formats", () => {
  test("seconds pick the unit %timeit would", () => {
    assert.deepEqual([1.234, 0.0456, 7.891e-4, 1.2e-8, 0].map(formats.seconds), ["1.23 s", "45.6 ms", "789 µs", "12 ns", "0 ns"]);
  });
  test("ratios, percentages and GFLOP/s", () => {
    assert.deepEqual([formats.times(1.7637), formats.percent(0.88183), formats.gflops(3.4567)], ["1.76×", "88%", "3.46 GFLOP/s"]);
    assert.equal(formats.times(undefined), "", "missing values stay empty");
  });
  test("a mode comparison reads as one would write it", () => {
    const shown = table(modes, [
      "mode",
      { key: "time", format: formats.seconds },
      { key: "speedup", format: formats.times },
      { key: "efficiency", format: formats.percent },
    ]);
    assert.equal(shown.toText(), ["mode       time  speedup  efficiency", "-------  ------  -------  ----------", "serial   1.23 s       1×        100%", "per row  700 ms    1.76×         88%"].join("\n"));
  });
});
