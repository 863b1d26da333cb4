import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { phaseColors, plot } from "../../src/display/plot";
import type { RunTrace } from "../../src/parallel/trace";

describe("plot builders", () => {
  test("line: one trace per named series, dashed where asked, log axes", () => {
    const figure = plot.line([1, 2, 4], { measured: [1, 1.8, 3.1], ideal: [1, 2, 4] }, { dashed: ["ideal"], xLog: true, xTitle: "workers" });
    const json = figure.toJSON();
    assert.deepEqual(
      json.data.map((t) => [t.name, t.mode, t.line]),
      [
        ["measured", "lines+markers", undefined],
        ["ideal", "lines+markers", { dash: "dash" }],
      ],
    );
    assert.deepEqual(json.layout.xaxis, { tickmode: "array", tickvals: [1, 2, 4], title: { text: "workers" }, type: "log" });
    assert.equal((plot.line([0.5, 1], [1, 2]).toJSON().layout.xaxis as Record<string, unknown>).tickvals, undefined, "ticks at points only for whole numbers");
  });

  test("a lone series is named by name, then yTitle", () => {
    assert.equal(plot.line([1], [2], { yTitle: "seconds" }).toJSON().data[0].name, "seconds");
    assert.equal(plot.line([1], [2], { yTitle: "seconds", name: "serial" }).toJSON().data[0].name, "serial");
  });

  test("bar groups, stackedBar stacks with the shared phase colours", () => {
    assert.equal(plot.bar(["a", "b"], { x: [1, 2], y: [3, 4] }).toJSON().layout.barmode, "group");
    const stacked = plot.stackedBar(["worker 0", "worker 1"], { queued: [1, 2], compute: [5, 6], idle: [0, 1] }, { yTitle: "ms" }).toJSON();
    assert.equal(stacked.layout.barmode, "stack");
    assert.deepEqual(
      stacked.data.map((t) => (t.marker as { color: string }).color),
      [phaseColors.queued, phaseColors.compute, phaseColors.idle],
    );
  });

  test("horizontal bars swap the axes; labels print values", () => {
    const json = plot.bar(["serial", "parallel"], [2.345, 1], { horizontal: true, labels: true, xTitle: "mode", yTitle: "s" }).toJSON();
    assert.deepEqual([json.data[0].x, json.data[0].y, json.data[0].orientation], [[2.345, 1], ["serial", "parallel"], "h"]);
    assert.deepEqual(json.data[0].text, ["2.35", "1"]);
    assert.deepEqual([json.layout.xaxis, json.layout.yaxis], [{ title: { text: "s" } }, { title: { text: "mode" } }]);
  });

  test("typed arrays are accepted and become plain arrays", () => {
    assert.deepEqual(plot.line(new Float64Array([1, 2]), new Float64Array([0.5, 0.25])).toJSON().data[0].y, [0.5, 0.25]);
  });

  test("bad input is a one-line error naming the problem", () => {
    assert.throws(() => plot.line([1, 2, 3], { t: [1, 2] }), { name: "RangeError", message: 'plot.line: series "t" has 2 values but there are 3 x values' });
    assert.throws(() => plot.bar(["a"], ["1" as unknown as number]), { name: "TypeError", message: 'plot.bar: series "y"[0] is "1", not a number' });
    assert.throws(() => plot.line(5 as unknown as number[], [1]), { message: "plot.line: x must be an array" });
    assert.throws(() => plot.stackedBar(["a"], [1] as unknown as Record<string, number[]>), /parts must be named/);
    assert.throws(() => plot.figure({} as unknown as []), /data must be an array/);
  });

  test("the layout escape hatch applies last", () => {
    assert.equal(plot.bar(["a"], [1], { title: "T", layout: { title: { text: "U" }, bargap: 0.1 } }).toJSON().layout.bargap, 0.1);
    assert.deepEqual(plot.bar(["a"], [1], { title: "T", layout: { title: { text: "U" } } }).toJSON().layout.title, { text: "U" });
  });
});

describe("plot.breakdown", () => {
  const worker = (queued: number, transfer: number, compute: number, idle: number) => ({ queuedUs: queued, transferUs: transfer, computeUs: compute, idleUs: idle });

  test("one run: a stacked bar per worker, phases in ms, in the runtime's order", () => {
    const json = plot.breakdown({ label: "matmul:naive", perWorker: [worker(1000, 0, 5000, 500), worker(2000, 0, 4000, 0)] }).toJSON();
    assert.deepEqual(json.data.map((t) => t.name), ["queued", "transfer", "compute", "idle"]);
    assert.deepEqual(json.data[0].x, ["worker 0", "worker 1"]);
    assert.deepEqual(json.data.map((t) => t.y), [[1, 2], [0, 0], [5, 4], [0.5, 0]]);
    assert.equal(json.layout.barmode, "stack");
    assert.deepEqual(json.layout.yaxis, { title: { text: "ms" } });
  });

  test("several runs stand side by side, labelled by run", () => {
    const json = plot.breakdown([{ label: "element", perWorker: [worker(1, 1, 1, 1)] }, { label: "row", perWorker: [worker(1, 1, 1, 1)] }], { title: "By grain" }).toJSON();
    assert.deepEqual(json.data[0].x, ["element · w0", "row · w0"]);
    assert.deepEqual(json.layout.title, { text: "By grain" });
  });

  test("takes the parallel runtime's RunTrace as it is", () => {
    const trace: RunTrace = {
      label: "matmul:naive", mode: "pool", workers: 1, grain: "row", dispatch: "message", transport: "shared",
      units: 10, unitsPerChunk: 1, chunks: 10, startUs: 0, wallUs: 4000, serialUs: 0, headUs: 0, tailUs: 0,
      dispatcher: { busyUs: 0, copyUs: 0 },
      perWorker: [{ threadId: 7, tasks: 10, chunks: 10, units: 10, queuedUs: 1000, transferUs: 0, computeUs: 3000, idleUs: 0 }],
    };
    assert.deepEqual(plot.breakdown(trace).toJSON().data.map((t) => t.y), [[1], [0], [3], [0]]);
  });

  test("anything else is a one-line error", () => {
    assert.throws(() => plot.breakdown({} as never), { message: "plot.breakdown: expected a run trace ({ perWorker: [...] }) or an array of them" });
  });
});

describe("error bars and log ticks", () => {
  test("draws each point's [min, max] range as asymmetric error bars around its median", () => {
    const figure = plot.bar(["serial", "2 workers"], [10, 6], { ranges: { y: [[9, 12], [5, 6.5]] }, yTitle: "ms", name: "y", labels: true });
    const trace = figure.data[0] as Record<string, any>;
    assert.deepEqual(trace.error_y.array, [2, 0.5]);
    assert.deepEqual(trace.error_y.arrayminus, [1, 1]);
    assert.equal(trace.textposition, "inside");
  });

  test("labels a log axis in full at 1, 2 and 5 times each power of ten", () => {
    const figure = plot.line([1, 2, 3], { speedup: [0.2, 1.5, 30] }, { yLog: true });
    const yaxis = figure.layout.yaxis as { tickvals: number[]; ticktext: string[] };
    assert.deepEqual(yaxis.tickvals.slice(0, 4), [0.1, 0.2, 0.5, 1]);
    assert.deepEqual(yaxis.ticktext.slice(0, 4), ["0.1", "0.2", "0.5", "1"]);
    assert.ok(yaxis.ticktext.includes("20") && yaxis.ticktext.includes("50"));
  });
});
