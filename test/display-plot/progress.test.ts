import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { cellContextStorage } from "../../src/cell/context";
import type { OutputSink } from "../../src/cell/output-sink";
import type { MimeBundle } from "../../src/cell/mime";
import { plot, progress, withProgress, type ProgressOutput } from "../../src/display/plot";
import { table } from "../../src/display/table";

function recorder() {
  const events: { kind: "show" | "update"; text: string; bundle: MimeBundle }[] = [];
  const output: ProgressOutput = {
    show: (bundle) => events.push({ kind: "show", text: String(bundle["text/plain"]), bundle }),
    update: (bundle) => events.push({ kind: "update", text: String(bundle["text/plain"]), bundle }),
  };
  return { events, output };
}

describe("progress display", () => {
  test("shows, updates in place, and is replaced by the result", () => {
    const { events, output } = recorder();
    const bar = progress(4, { label: "grain sweep", output, minIntervalMs: 0 });
    bar.advance(1, "grain 1");
    bar.advance(1, "grain 8");
    bar.finish(table([{ grain: 1, time: 2 }]));
    assert.deepEqual(
      events.map((e) => [e.kind, e.text]),
      [
        ["show", "grain sweep: [                    ] 0/4 (0%)"],
        ["update", "grain sweep: [#####               ] 1/4 (25%) · grain 1"],
        ["update", "grain sweep: [##########          ] 2/4 (50%) · grain 8"],
        ["update", "grain  time\n-----  ----\n    1     2"],
      ],
    );
  });

  test("updates are throttled, but the last step is always sent", () => {
    const { events, output } = recorder();
    let clock = 0;
    const bar = progress(10, { output, minIntervalMs: 100, now: () => clock });
    for (let i = 0; i < 10; i++) {
      clock += 30;
      bar.advance();
    }
    assert.deepEqual(
      events.map((e) => e.text.replace(/^.*\] /, "")),
      ["0/10 (0%)", "4/10 (40%)", "8/10 (80%)", "10/10 (100%)"],
    );
  });

  test("its HTML escapes the label and detail", () => {
    const { events, output } = recorder();
    progress(1, { label: "<b>", output }).advance(1, "<i>");
    assert.match(String(events[1].bundle["text/html"]), /<span>&lt;b&gt;: 1\/1 \(100%\) · &lt;i&gt;<\/span>/);
  });

  test("withProgress runs steps in order and replaces the display with the result", async () => {
    const { events, output } = recorder();
    const order: number[] = [];
    const results = await withProgress(
      [1, 2, 4],
      async (workers) => {
        order.push(workers);
        return workers * 10;
      },
      { output, minIntervalMs: 0, describe: (w) => `${w} workers`, result: (times) => plot.line([1, 2, 4], times) },
    );
    assert.deepEqual(results, [10, 20, 40]);
    assert.deepEqual(order, [1, 2, 4]);
    const last = events[events.length - 1];
    assert.equal(last.kind, "update");
    assert.ok("application/vnd.plotly.v1+json" in last.bundle);
    assert.equal(events[events.length - 2].text.endsWith("3/3 (100%) · 4 workers"), true);
  });

  test("a failing step clears the display and rethrows", async () => {
    const { events, output } = recorder();
    await assert.rejects(withProgress([1, 2], () => { throw new Error("boom"); }, { output }), /boom/);
    assert.deepEqual(events[events.length - 1].bundle, { "text/plain": "" });
  });

  test("inside a cell it writes to that cell's sink as display_data then update_display_data", () => {
    const calls: [MimeBundle, { displayId?: string; update?: boolean } | undefined][] = [];
    const sink: OutputSink = { stream() {}, clearOutput() {}, display: (data, options) => calls.push([data, options]) };
    cellContextStorage.run({ sink, signal: new AbortController().signal }, () => {
      const bar = progress(2, { minIntervalMs: 0 });
      bar.advance(2);
      bar.finish("done");
    });
    assert.deepEqual(calls.map(([, o]) => o?.update ?? false), [false, true, true]);
    assert.equal(new Set(calls.map(([, o]) => o?.displayId)).size, 1);
    assert.deepEqual(calls[2][0], { "text/plain": "'done'" });
  });

  test("outside a cell it is silent; a bad total is a one-line error", () => {
    assert.doesNotThrow(() => progress(3).advance());
    assert.throws(() => progress(-1), { name: "RangeError", message: "progress: total must be a whole number >= 0, got -1" });
  });
});

describe("withProgress and interrupts", () => {
  test("an aborted signal stops the sweep before the next step and clears the display", async () => {
    const { events, output } = recorder();
    const controller = new AbortController();
    const ran: number[] = [];
    const sweep = withProgress(
      [1, 2, 3],
      (x) => {
        ran.push(x);
        if (x === 1) controller.abort(new Error("interrupted by the user"));
        return x;
      },
      { output, signal: controller.signal },
    );
    await assert.rejects(sweep, /interrupted by the user/);
    assert.deepEqual(ran, [1]);
    assert.deepEqual(events[events.length - 1].bundle, { "text/plain": "" });
  });

  test("inside a cell it listens to the cell's interrupt signal", async () => {
    const controller = new AbortController();
    const sink: OutputSink = { stream() {}, clearOutput() {}, display() {} };
    const ran: number[] = [];
    await assert.rejects(
      cellContextStorage.run({ sink, signal: controller.signal }, () =>
        withProgress([1, 2], (x) => {
          ran.push(x);
          controller.abort(new Error("KeyboardInterrupt"));
        }),
      ),
      /KeyboardInterrupt/,
    );
    assert.deepEqual(ran, [1]);
  });
});
