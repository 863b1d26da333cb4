import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { jupyterDisplaySymbol, type MimeBundle } from "../../src/cell/mime";
import { Figure, plot, plotlyMimeType, resetPlotlyInlining } from "../../src/display/plot";
import { plotlySource } from "../../src/display/plot/plotly-source";

function bundleOf(figure: Figure): MimeBundle {
  return figure[jupyterDisplaySymbol]();
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

// A line of plotly.min.js itself, so the count below finds the library, not a mention of it.
const plotlyBody = plotlySource().script.slice(2000, 2200);

describe("figure MIME bundle", () => {
  beforeEach(() => resetPlotlyInlining());

  test("carries the three representations", () => {
    const bundle = bundleOf(plot.bar(["serial", "row"], [1.5, 0.8], { title: "Time", yTitle: "s" }));
    assert.deepEqual(Object.keys(bundle).sort(), [plotlyMimeType, "text/html", "text/plain"].sort());
  });

  test("the plotly MIME type holds plain JSON with data, layout and config", () => {
    const figure = new Figure([{ type: "scatter", x: new Float64Array([1, 2]), y: [NaN, 3], name: "t" }], { title: { text: "T" } });
    const payload = bundleOf(figure)[plotlyMimeType];
    assert.deepEqual(JSON.parse(JSON.stringify(payload)), payload, "survives a JSON round trip unchanged");
    assert.deepEqual(payload, {
      data: [{ type: "scatter", x: [1, 2], y: [null, 3], name: "t" }],
      layout: { title: { text: "T" } },
      config: { responsive: true, displaylogo: false },
    });
  });

  test("the first figure of a session inlines plotly.js once; later figures only draw", () => {
    const first = bundleOf(plot.line([1, 2], [3, 4]))["text/html"] as string;
    const second = bundleOf(plot.line([1, 2], [5, 6]))["text/html"] as string;
    const third = bundleOf(plot.bar(["a"], [1]))["text/html"] as string;
    assert.equal(count(first, plotlyBody), 1);
    assert.ok(first.length > 4_000_000, `first figure is ${first.length} characters`);
    for (const later of [second, third]) {
      assert.equal(count(later, plotlyBody), 0);
      assert.ok(later.length < 10_000, `a later figure is ${later.length} characters`);
      assert.match(later, /if \(window\.Plotly\) draw\(window\.Plotly\)/);
      assert.match(later, /Plotly\.newPlot\(/);
    }
  });

  test("resetPlotlyInlining makes the next figure inline again (kernel restart)", () => {
    bundleOf(plot.line([1], [1]));
    assert.equal(count(bundleOf(plot.line([1], [1]))["text/html"] as string, plotlyBody), 0);
    resetPlotlyInlining();
    assert.equal(count(bundleOf(plot.line([1], [1]))["text/html"] as string, plotlyBody), 1);
  });

  test("creating a figure does not use up the inlining: displaying it does", () => {
    const created = plot.line([1], [1]);
    const shown = bundleOf(plot.line([2], [2]))["text/html"] as string;
    assert.equal(count(shown, plotlyBody), 1);
    assert.equal(count(bundleOf(created)["text/html"] as string, plotlyBody), 0);
  });

  test("each script element closes where it should: no stray </script> from data or library", () => {
    const hostile = plot.bar(["</script><script>alert(1)</script>", "<!--"], [1, 2], { title: "</SCRIPT>" });
    const first = bundleOf(hostile)["text/html"] as string;
    assert.equal(count(first.toLowerCase(), "<script"), 3, "plotly.js, the queue drain, the draw call");
    assert.equal(count(first.toLowerCase(), "</script"), 3);
    assert.equal(count(first, "<!--"), 0);
    const later = bundleOf(hostile)["text/html"] as string;
    assert.equal(count(later.toLowerCase(), "</script"), 1);
  });

  test("text/plain summarises title, axes and traces with abbreviated values", () => {
    const x = Array.from({ length: 100 }, (_, i) => i + 1);
    const figure = plot.line(x, { measured: x.map((v) => v / 3), ideal: x }, { title: "Speedup", xTitle: "workers", yTitle: "speedup", yLog: true });
    assert.equal(
      bundleOf(figure)["text/plain"],
      [
        "Figure: Speedup",
        "  axes: x = workers, y = speedup (log)",
        '  scatter "measured": x = [1, 2, 3, 4, …, 99, 100] (100 values), y = [0.3333, 0.6667, 1, 1.333, …, 33, 33.33] (100 values)',
        '  scatter "ideal": x = [1, 2, 3, 4, …, 99, 100] (100 values), y = [1, 2, 3, 4, …, 99, 100] (100 values)',
      ].join("\n"),
    );
    assert.equal(bundleOf(new Figure([]))["text/plain"], "Figure: (untitled)\n  (no traces)");
  });
});

describe("kernel restart", () => {
  test("disposing the session makes the next figure inline plotly.js again", async () => {
    const { runSessionDisposers } = await import("../../src/cell/session-disposers");
    resetPlotlyInlining();
    bundleOf(plot.line([1], [1]));
    assert.equal(count(bundleOf(plot.line([1], [1]))["text/html"] as string, plotlyBody), 0);
    assert.deepEqual(await runSessionDisposers(), []);
    assert.equal(count(bundleOf(plot.line([1], [1]))["text/html"] as string, plotlyBody), 1);
  });
});

describe("plotly.js inside a script element", () => {
  test("`</script` and `<!--` lose their meaning to the HTML parser but not to JavaScript", async () => {
    const { escapeForScriptElement } = await import("../../src/display/plot/plotly-source");
    const source = 'var a = "</script><!-- x -->"; var b = /<\\/SCRIPT>/i.test("</SCRIPT>"); var c = a.length;';
    const escaped = escapeForScriptElement(source);
    assert.doesNotMatch(escaped, /<\/script|<!--/i);
    const { runInNewContext } = await import("node:vm");
    // JSON: arrays made in another context are of another realm.
    const original = runInNewContext(`${source} JSON.stringify([a, b, c])`) as string;
    assert.equal(original, '["</script><!-- x -->",true,19]');
    assert.equal(runInNewContext(`${escaped} JSON.stringify([a, b, c])`), original);
  });

  test("the inlined library is the installed plotly.js-dist-min", () => {
    const source = plotlySource();
    assert.match(source.script, /plotly\.js v4\.\d+\.\d+/);
    assert.equal(source.version, require("plotly.js-dist-min/package.json").version);
  });
});

describe("carriesPlotly", () => {
  test("tells the bundle that carries plotly.js from the others, whatever the figure's data", async () => {
    const { carriesPlotly } = await import("../../src/display/plot");
    resetPlotlyInlining();
    const marker = '<script type="text/javascript" data-tsparallel-plotly="x">';
    const first = bundleOf(plot.bar([marker], [1], { title: marker }));
    const later = bundleOf(plot.bar([marker], [1], { title: marker }));
    assert.deepEqual([carriesPlotly(first), carriesPlotly(later), carriesPlotly({ "text/plain": "x" })], [true, false, false]);
  });

  test("the remedy for replacing the carrier in place: reset, then render the replacement", async () => {
    const { carriesPlotly } = await import("../../src/display/plot");
    resetPlotlyInlining();
    const shown = bundleOf(plot.line([1], [1]));
    if (carriesPlotly(shown)) resetPlotlyInlining();
    assert.equal(carriesPlotly(bundleOf(plot.line([1], [2]))), true);
  });
});
