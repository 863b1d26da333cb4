import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import type { Executor } from "../../src/execution/types";
import { closePool, isParallelEnabled, pool, setParallelEnabled } from "../../src/parallel";
import { RecordingSink } from "../execution/recording-sink";
import { TestSession } from "../execution/session";

const plotly = "application/vnd.plotly.v1+json";

describe("%parallel through the real executor", () => {
  let session: TestSession;
  let executor: Executor;
  const run = (code: string) => session.run(code);
  const ok = (code: string) => session.ok(code);

  /** The text/plain of every display that is not a progress update. */
  const shown = (sink: RecordingSink) => sink.displays.filter((d) => !d.update).map((d) => String(d.data["text/plain"]));

  before(async () => {
    session = new TestSession({ magics: true, folderPrefix: "tsparallel-parallel-magic-" });
    executor = session.executor;
    await pool.resize(2);
    await ok(
      "const A = $tsp.Matrix.rand(40, 30, { seed: 1 });\nconst B = $tsp.Matrix.rand(30, 20, { seed: 2 });\nconst expected = $tsp.matmul(A, B);",
    );
  });
  after(async () => {
    setParallelEnabled(true);
    await session.close();
    await closePool();
  });

  it("%parallel shows the pool with its measured per-task cost", async () => {
    const { sink } = await ok("%parallel");
    const [text] = shown(sink);
    assert.match(text, /^The worker pool/);
    assert.match(text, /workers\s+2\n/);
    assert.match(text, /per-task cost \(message round trip\)\s+[\d.]+ µs/);
  });

  it("-w N on a statement runs it on N workers, shows the trace and keeps the value with its type", async () => {
    await pool.resize(1);
    const { sink } = await ok('const C = %parallel -w 2 -g row await $tsp.parallelMatmul(A, B, { kernel: "naive" })').finally(() => {
      assert.equal(pool.workers, 1, "-w on a statement applies to it only");
      return pool.resize(2);
    });
    const [tableText, figureText] = shown(sink);
    assert.match(tableText, /^matmul:naive: 2 workers, grain row, shared dispatch, shared transport, 40 chunks/);
    assert.equal(tableText.split("\n").filter((line) => /^worker \d/.test(line)).length, 2);
    assert.match(figureText, /bar "compute"/);
    const figure = sink.displays.find((d) => d.data[plotly]);
    assert.ok(figure, "the breakdown is a plotly figure");
    assert.equal((await ok("[C.rows, C.cols, C.allclose(expected, 1e-12)]")).value, "[ 40, 20, true ]");
  });

  it("%parallel off runs every call inline without touching the pool; on restores", async () => {
    const { sink } = await ok("%parallel off");
    assert.match(sink.text("stdout"), /parallel mode off/);
    assert.equal(isParallelEnabled(), false);
    const before = pool.stats().tasksRun;
    const { sink: traced } = await ok("%parallel await $tsp.parallelMatmul(A, B)");
    assert.match(shown(traced)[0], /inline \(serial\)/);
    assert.equal(pool.stats().tasksRun, before);
    await ok("%parallel on");
    assert.equal(isParallelEnabled(), true);
    const { sink: onAgain } = await ok("%parallel await $tsp.parallelMatmul(A, B)");
    assert.match(shown(onAgain)[0], /2 workers/);
    assert.ok(pool.stats().tasksRun > before);
  });

  it("--compare serial,1,2 shows a row per mode and a chart, returns the rows, restores the pool", async () => {
    const { sink } = await ok('const cmp = %parallel --compare serial,1,2 -r 2 --flops 2*40*30*20 await $tsp.parallelMatmul(A, B, { kernel: "naive" })');
    const texts = shown(sink);
    const table = texts.find((text) => text.includes("time (median)"));
    assert.ok(table, texts.join("\n---\n"));
    const rows = table.split("\n").filter((line) => /^(serial|1 worker|2 workers)\s/.test(line));
    assert.deepEqual(rows.map((line) => line.split(/\s{2,}/)[0]), ["serial", "1 worker", "2 workers"]);
    assert.match(table, /GFLOP\/s/);
    assert.match(table, /range \(min–max\)/);
    // Each mode against serial, in the evidence rules' words: faster/slower only when the ranges do not overlap.
    const evidence = texts.find((text) => text.startsWith("What the runs show:"));
    assert.match(evidence ?? texts.join("\n---\n"), /^- 2 workers (was [\d.]+× (faster|slower) than serial|and serial are indistinguishable within the spread)/m);
    assert.match(evidence!, /^  2 workers: The workers' time went to computing \d+%/m);
    assert.ok(sink.displays.some((d) => d.data[plotly] && String(d.data["text/plain"]).includes("median time")));
    assert.ok(sink.displays.some((d) => d.update), "progress is updated while measuring");
    const fields = await ok("cmp.rows.map((r) => [r.mode, r.workers, r.median > 0, r.std >= 0, Math.abs(r.efficiency - r.speedup / r.workers) < 1e-12])");
    assert.equal(fields.value, "[\n  [ 'serial', 1, true, true, true ],\n  [ '1 worker', 1, true, true, true ],\n  [ '2 workers', 2, true, true, true ]\n]");
    assert.equal((await ok("cmp.rows[0].speedup")).value, "1");
    // Measured round by round: every mode has one run per round, and the caption says so.
    assert.match(table, /2 rounds after warm-up, the modes interleaved \(each mode once per round, the order rotated each round\)/);
    for (const line of rows) assert.match(line, /, 2 runs\s/);
    assert.equal(pool.workers, 2);
  });

  it("--compare says which mode's runs had a worker much slower per unit, and none when the work is even", async () => {
    // Row 1 spins four times as long as row 0: on 2 workers one worker is ~4× slower per unit.
    // The spins are long enough that a thread descheduled for a few tens of milliseconds on a
    // busy machine cannot make equal work look unequal.
    const uneven = "const t0 = Date.now(); while (Date.now() - t0 < (i === 1 ? 240 : 60)) {}";
    const { sink } = await ok(`%parallel --compare serial,2 -r 2 -d message -g row await $tsp.parallelFor(2, ${JSON.stringify(uneven)}, {})`);
    const warning = shown(sink).find((text) => text.startsWith("2 workers: in "));
    assert.match(warning ?? shown(sink).join("\n---\n"), /^2 workers: in [12] of [12] timed parallel runs worker \d \(thread \d+\) took [\d.]+× as long per unit as worker \d /);
    const even = await ok(`%parallel --compare serial,2 -r 2 -d message -g row await $tsp.parallelFor(2, "const t0 = Date.now(); while (Date.now() - t0 < 120) {}", {})`);
    assert.equal(shown(even.sink).find((text) => text.includes("as long per unit")), undefined);
  });

  it("--sweep grain=... with --model states its validation, and predicts only what the validation confirms", async () => {
    const { sink } = await ok("%parallel --sweep grain=row,rows:8 -r 1 --model P=4 await $tsp.parallelMatmul(A, B)");
    const texts = shown(sink);
    const table = texts.find((text) => text.includes("time (median)"))!;
    assert.deepEqual(
      table.split("\n").filter((line) => /^(serial|grain)/.test(line)).map((line) => line.split(/\s{2,}/)[0]),
      ["serial", "grain row", "grain rows:8"],
    );
    assert.match(table, /model calibrated on the median 1-worker run of 5 rounds of serial, 1 and 2 workers, interleaved/);
    const [validation, prediction] = (texts.find((text) => text.startsWith("model: ")) ?? texts.join("\n---\n")).split("\n");
    assert.match(validation!, /^model: On 2 workers the model predicted [\d.]+×.* the runs measured [\d.]+× \([\d.]+–[\d.]+× over 5 rounds\)/);
    const charted = texts.some((text) => text.startsWith("Figure: Predicted speedup on up to 4 cores") && text.includes('scatter "model"'));
    if (/the validation error is \d+%\.$/.test(validation!)) {
      assert.match(prediction!, /^model: Predicted on 4 workers on 4 cores: .*about [\d.]+×.*\(validated on 2 workers, error \d+%\)/);
      assert.ok(charted, "a confirmed model charts its predictions");
    } else {
      assert.match(prediction!, /^model: No prediction for 4 workers on 4 cores: its own 2-worker runs (contradict|spread too widely)/);
      assert.ok(!charted, "no chart of a prediction the validation does not support");
    }
  });

  it("%%parallel computes into the output matrix", async () => {
    await ok("const S = $tsp.Matrix.zeros(A.rows, A.cols);\nconst factor = 3;");
    const { sink } = await ok("%%parallel --in A,factor --out S -w 2\nfor (let j = 0; j < S.cols; j++) S.data[i * S.cols + j] = factor * A.data[i * A.cols + j];");
    assert.match(shown(sink)[0], /^source: 2 workers/);
    assert.equal((await ok("S.data.every((v, k) => v === 3 * A.data[k])")).value, "true");
  });

  it("%%parallel with a missing input is a UsageError before anything runs; state is kept", async () => {
    await ok("let untouched = 7;");
    const before = pool.stats().tasksRun;
    const { outcome } = await run("%%parallel -n 3 --out S\nuntouched = 1; S.data[i] = factor;");
    assert.equal(outcome.status, "error");
    assert.equal(outcome.status === "error" && outcome.ename, "UsageError");
    assert.match(outcome.status === "error" ? outcome.evalue : "", /refers to 'untouched', 'factor', not among its inputs \(S\)/);
    assert.equal(pool.stats().tasksRun, before);
    assert.equal((await ok("untouched")).value, "7");
  });

  it("bad flags are one-line UsageErrors and the session goes on", async () => {
    const { outcome } = await run("%parallel -g tiny await $tsp.parallelMatmul(A, B)");
    assert.equal(outcome.status, "error");
    if (outcome.status === "error") {
      assert.equal(outcome.ename, "UsageError");
      assert.deepEqual(outcome.traceback, [`UsageError: ${outcome.evalue}`]);
    }
    assert.equal((await ok("A.rows")).value, "40");
  });

  it("an interrupt stops a long --compare; the pool size and the parallel switch come back", async () => {
    await ok("%parallel off");
    const pending = run("%parallel --compare 1,serial -r 100000 await $tsp.parallelMatmul(A, B)");
    setTimeout(() => executor.interrupt(), 500);
    const { outcome } = await pending;
    assert.equal(outcome.status, "error");
    assert.equal((outcome as { ename: string }).ename, "KeyboardInterrupt");
    assert.equal(isParallelEnabled(), false, "--compare measured on the pool, then put %parallel off back");
    // The resize back to 2 waits for the interrupted run to let go of the pool (≤ ~0.5 s).
    for (let waited = 0; pool.workers !== 2 && waited < 3000; waited += 50) await delay(50);
    assert.equal(pool.workers, 2);
    await ok("%parallel on");
    assert.equal((await ok("A.rows")).value, "40");
  });

  it("a statement that throws leaves the pool at its size", async () => {
    const { outcome } = await run(`%parallel -w 1 await $tsp.parallelFor(4, "if (i === 2) throw new Error('boom')", {})`);
    assert.equal(outcome.status, "error");
    assert.match(outcome.status === "error" ? outcome.evalue : "", /boom/);
    assert.equal(pool.workers, 2);
  });
});
