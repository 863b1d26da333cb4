import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clearOutput, display, DisplayHandle } from "../../src/display";
import { jupyterDisplaySymbol } from "../../src/cell/mime";
import { cellContextStorage } from "../../src/cell/context";
import { RecordingSink } from "../execution/recording-sink";

function inCell<T>(sink: RecordingSink, body: () => T): T {
  return cellContextStorage.run({ sink, signal: new AbortController().signal }, body);
}

describe("display API", () => {
  it("shows a plain value as text/plain and a rich one through Jupyter.display", () => {
    const sink = new RecordingSink();
    inCell(sink, () => {
      display({ a: [1, 2] });
      display({ [jupyterDisplaySymbol]: () => ({ "text/html": "<p>rich</p>" }) });
    });
    assert.deepEqual(sink.displays[0].data, { "text/plain": "{ a: [ 1, 2 ] }" });
    assert.equal(sink.displays[1].data["text/html"], "<p>rich</p>");
    assert.equal(typeof sink.displays[1].data["text/plain"], "string", "a text/plain fallback is added");
  });

  it("sends each kind with its MIME type", () => {
    const sink = new RecordingSink();
    inCell(sink, () => {
      display.html("<b>b</b>");
      display.markdown("# title");
      display.svg("<svg/>");
      display.png(new Uint8Array([137, 80, 78, 71]), { metadata: { "image/png": { width: 10 } } });
      display.png("data:image/png;base64,iVBORw==");
      display.json({ n: 1, skip: undefined });
      display.mime({ "text/latex": "$x^2$" });
    });
    const types = sink.displays.map((shown) => Object.keys(shown.data).filter((type) => type !== "text/plain")[0]);
    assert.deepEqual(types, ["text/html", "text/markdown", "image/svg+xml", "image/png", "image/png", "application/json", "text/latex"]);
    assert.equal(sink.displays[3].data["image/png"], "iVBORw==");
    assert.deepEqual(sink.displays[3].metadata, { "image/png": { width: 10 } });
    assert.equal(sink.displays[4].data["image/png"], "iVBORw==");
    assert.deepEqual(sink.displays[5].data["application/json"], { n: 1 });
    assert.ok(sink.displays.every((shown) => typeof shown.displayId === "string" && !shown.update));
  });

  it("updates a display in place, also from a later cell", () => {
    const first = new RecordingSink();
    const later = new RecordingSink();
    const handle = inCell(first, () => display.html("<i>0%</i>"));
    assert.ok(handle instanceof DisplayHandle);
    inCell(first, () => handle.update("<i>50%</i>"));
    inCell(later, () => handle.update("<i>100%</i>"));
    assert.deepEqual(
      first.displays.map((shown) => [shown.data["text/html"], shown.displayId, shown.update]),
      [
        ["<i>0%</i>", handle.displayId, false],
        ["<i>50%</i>", handle.displayId, true],
      ],
    );
    assert.deepEqual(later.displays.map((shown) => [shown.data["text/html"], shown.displayId, shown.update]), [["<i>100%</i>", handle.displayId, true]]);
  });

  it("clears output, waiting when asked", () => {
    const sink = new RecordingSink();
    inCell(sink, () => {
      clearOutput();
      clearOutput({ wait: true });
    });
    assert.deepEqual(sink.clears, [false, true]);
  });

  it("refuses clearly outside a cell and on bad input", () => {
    assert.throws(() => display.html("x"), /display\.html\(\) can only be called while a notebook cell is running/);
    assert.throws(() => clearOutput(), /clearOutput\(\) can only be called while a notebook cell is running/);
    const sink = new RecordingSink();
    assert.throws(() => inCell(sink, () => display.json(undefined)), /JSON-serialisable/);
    assert.throws(() => inCell(sink, () => display({ [jupyterDisplaySymbol]: () => "not a bundle" })), /must return a MIME bundle/);
    assert.equal(sink.displays.length, 0);
  });
});
