import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { KernelCells } from "../execution/kernel-cells";
import { KernelProcess } from "../transport/kernel-process";

/**
 * The `-o` results of the magics as a notebook sees them: in a real kernel, a cell reads
 * every field of each result, and the cell's type checker (a type error fails the cell)
 * checks the reads against the types the runtime's own code gives. The field lists are
 * derived from those types: `Every<T>` needs each key of T listed once, so a field added
 * to a result and not read here fails this test, as does a field the types lack.
 */
const everyField = "type Every<T> = { [K in keyof T]-?: unknown };";

describe("every field of every magic's result, type-checked in a kernel cell", { timeout: 180_000 }, () => {
  let kernel: KernelProcess;
  let cells: KernelCells;
  before(async () => {
    kernel = await KernelProcess.start();
    await kernel.ready();
    cells = new KernelCells(kernel);
    await cells.resultOf("const A = $tsp.Matrix.rand(24, 16, { seed: 1 });\nconst B = $tsp.Matrix.rand(16, 8, { seed: 2 });");
  });
  after(async () => {
    await kernel.close();
  });

  it("%parallel --compare --flops --model: the comparison, a row, the model and a prediction", async () => {
    await cells.resultOf("const cmp = %parallel --compare serial,1,2 -r 2 -q --flops 2*24*16*8 --model P=4 await $tsp.parallelMatmul(A, B)");
    const undefinedFields = await cells.resultOf(
      [
        everyField,
        "const row = cmp.rows[cmp.rows.length - 1]!;",
        "const model = cmp.model!;",
        "const prediction = cmp.predictions![cmp.predictions!.length - 1]!;",
        "const comparison: Every<typeof cmp> = {",
        "  statement: cmp.statement, rows: cmp.rows, traces: cmp.traces, caption: cmp.caption,",
        "  model: cmp.model, predictions: cmp.predictions, [$tsp.jupyterDisplaySymbol]: cmp[$tsp.jupyterDisplaySymbol](),",
        "};",
        "const rowFields: Every<typeof row> = {",
        "  mode: row.mode, workers: row.workers, median: row.median, mean: row.mean, std: row.std, best: row.best,",
        "  worst: row.worst, speedup: row.speedup, efficiency: row.efficiency, gflops: row.gflops, model: row.model,",
        "};",
        "const modelFields: Every<typeof model> = {",
        "  calibratedOn: model.calibratedOn, chunks: model.chunks, serialUs: model.serialUs, computePerChunkUs: model.computePerChunkUs,",
        "  overheadPerChunkUs: model.overheadPerChunkUs, dispatcherPerChunkUs: model.dispatcherPerChunkUs,",
        "  baselineUs: model.baselineUs, cores: model.cores,",
        "};",
        "const predictionFields: Every<typeof prediction> = {",
        "  workers: prediction.workers, wallUs: prediction.wallUs, speedup: prediction.speedup, efficiency: prediction.efficiency,",
        "  bound: prediction.bound, terms: prediction.terms, amdahlSpeedup: prediction.amdahlSpeedup,",
        "};",
        "const fields: Record<string, object> = { comparison, rowFields, modelFields, predictionFields };",
        "Object.entries(fields).flatMap(([name, used]) => Object.entries(used).filter(([, value]) => value === undefined).map(([key]) => `${name}.${key}`))",
      ].join("\n"),
    );
    assert.equal(undefinedFields, "[]", "with --flops and --model, every field of a worker mode's result has a value");
  });

  it("%timeit -o: the TimeitResult", async () => {
    await cells.resultOf("const timing = %timeit -o -q -n 2 -r 5 $tsp.matmul(A, B)");
    const undefinedFields = await cells.resultOf(
      [
        everyField,
        "const timingFields: Every<typeof timing> = {",
        "  loops: timing.loops, repeat: timing.repeat, best: timing.best, worst: timing.worst, all_runs: timing.all_runs,",
        "  timings: timing.timings, compile_time: timing.compile_time, precision: timing.precision,",
        "  gcBeforeEachRun: timing.gcBeforeEachRun, average: timing.average, stdev: timing.stdev, toString: timing.toString(),",
        "  [$tsp.jupyterDisplaySymbol]: timing[$tsp.jupyterDisplaySymbol](),",
        "};",
        "Object.entries(timingFields).filter(([, value]) => value === undefined).map(([key]) => key)",
      ].join("\n"),
    );
    assert.equal(undefinedFields, "[]");
    assert.equal(await cells.resultOf("[timing.loops, timing.repeat, timing.all_runs.length]"), "[ 2, 5, 5 ]");
  });

  it("a result's type is the runtime's: reading a field it lacks is a type error that fails the cell", async () => {
    const { reply } = await cells.execute("cmp.rows[0]!.latency");
    assert.equal(reply.content.status, "error");
    assert.equal(reply.content.ename, "TypeScriptError");
    assert.match(String(reply.content.evalue), /Property 'latency' does not exist on type 'ModeRow'/);
  });

  it("a flag in the wrong form is a one-line UsageError, and the session keeps its variables", async () => {
    for (const [cell, message] of [
      ["%parallel --in A await $tsp.parallelMatmul(A, B)", "%parallel: --in applies only to the cell magic %%parallel"],
      ["%%parallel -r 2 -n 4 --in A\nA.data[i] = 0;", "%%parallel: -r applies only to the line magic %parallel"],
    ]) {
      const { reply } = await cells.execute(cell);
      assert.equal(reply.content.ename, "UsageError", JSON.stringify(reply.content));
      assert.equal(reply.content.evalue, message);
      assert.deepEqual(reply.content.traceback, [`UsageError: ${message}`], "a UsageError shows its one line, no stack");
    }
    assert.equal(await cells.resultOf("[A.rows, cmp.rows.length]"), "[ 24, 3 ]");
  });
});
