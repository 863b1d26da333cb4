import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runInNewContext } from "node:vm";
import { figureHtml } from "../../src/display/plot/html";
import type { FigureJson } from "../../src/display/plot/types";

/**
 * Runs a page's inline scripts in a bare JavaScript context with a stand-in for
 * plotly.js, to check the hand-off between the figure that carries the library and
 * the others in both orders a front end can run them in.
 */
const fakePlotly = {
  version: "test",
  script: "window.Plotly = { newPlot: function (element, data) { window.drawn.push([element.id, data[0].name]); } };",
};

function figure(name: string): FigureJson {
  return { data: [{ type: "bar", name, x: ["a"], y: [1] }], layout: {}, config: {} };
}

function scriptsOf(html: string): string[] {
  return [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
}

function page() {
  const elements = new Map<string, { id: string; textContent: string }>();
  const window: Record<string, unknown> = { drawn: [] as [string, string][] };
  window.window = window;
  window.document = { getElementById: (id: string) => elements.get(id) ?? null };
  return {
    window,
    // Arrays made inside the context belong to its realm; compare them as JSON.
    drawn: () => JSON.parse(JSON.stringify(window.drawn)) as [string, string][],
    add(html: string) {
      for (const m of html.matchAll(/<div id="([^"]+)"/g)) elements.set(m[1], { id: m[1], textContent: "waiting" });
      for (const script of scriptsOf(html)) runInNewContext(script, window);
    },
  };
}

describe("figure HTML hand-off of plotly.js", () => {
  const first = figureHtml(figure("first"), { inlinePlotly: true, id: "f1", source: fakePlotly });
  const later = figureHtml(figure("later"), { inlinePlotly: false, id: "f2", source: fakePlotly });

  test("in document order (an exported report), each figure draws into its own element", () => {
    const p = page();
    p.add(first);
    p.add(later);
    assert.deepEqual(p.drawn(), [["f1", "first"], ["f2", "later"]]);
  });

  test("a later figure run before the first waits for plotly.js, then draws", () => {
    const p = page();
    p.add(later);
    assert.deepEqual(p.drawn(), []);
    p.add(first);
    assert.deepEqual(p.drawn(), [["f2", "later"], ["f1", "first"]]);
  });

  test("without the first figure, a later one keeps its explanation visible", () => {
    assert.match(later, /Plot not drawn yet: plotly\.js draws it, and the first figure of this kernel session carries plotly\.js\./);
    const p = page();
    p.add(later);
    assert.deepEqual(p.drawn(), []);
  });

  test("height and width follow the layout", () => {
    const sized = figureHtml({ data: [], layout: { height: 300, width: 500 }, config: {} }, { inlinePlotly: false, id: "s" });
    assert.match(sized, /style="width: 500px; height: 300px;"/);
    assert.match(later, /style="width: 100%; height: 420px;"/);
  });
});
