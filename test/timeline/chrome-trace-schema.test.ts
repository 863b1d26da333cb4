import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertChromeTrace } from "./chrome-trace-schema";

const named = { ph: "M", name: "thread_name", pid: 1, tid: 3, args: { name: "worker 0 (thread 3)" } };
const slice = (ts: number, dur: number, tid = 3) => ({ ph: "X", name: "chunk", cat: "chunk", pid: 1, tid, ts, dur, args: {} });

/** The check rejects what the Trace Event Format (or this exporter's promises) rule out, so passing it means something. */
describe("the Chrome trace schema check", () => {
  it("accepts named threads with slices that touch but do not overlap", () => {
    assert.equal(assertChromeTrace({ traceEvents: [named, slice(0, 5), slice(5, 2)], displayTimeUnit: "ms" }).length, 3);
  });

  for (const [what, file] of [
    ["an array instead of the object format", [named]],
    ["a missing traceEvents", { events: [] }],
    ["a negative duration", { traceEvents: [named, slice(0, -1)] }],
    ["a timestamp that is a string", { traceEvents: [named, { ...slice(0, 1), ts: "0" }] }],
    ["a missing tid", { traceEvents: [named, { ...slice(0, 1), tid: undefined }] }],
    ["a thread without a thread_name", { traceEvents: [named, slice(0, 1, 4)] }],
    ["overlapping slices on one thread", { traceEvents: [named, slice(0, 5), slice(4, 2)] }],
    ["a thread_name without args.name", { traceEvents: [{ ...named, args: {} }, slice(0, 1)] }],
    ["an unknown displayTimeUnit", { traceEvents: [], displayTimeUnit: "s" }],
  ] as const) {
    it(`rejects ${what}`, () => assert.throws(() => assertChromeTrace(file), assert.AssertionError));
  }
});
