import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { kernelCellsForSuite } from "../execution/kernel-cells";

/** The reads of one result: field names (read as `result.field`), or `key: expression` for the rest. */
interface Reads {
  of: string;
  fields: readonly string[];
}

/**
 * The text of a cell that reads each result's fields into an object typed
 * `Every<typeof result>` (so the object must list every field of the result's type, no
 * more), and whose value is the list of reads that gave undefined, but for those in
 * `mayBeUndefined` (`name.field`).
 */
function everyFieldCell(setup: readonly string[], results: Readonly<Record<string, Reads>>, mayBeUndefined: readonly string[] = []): string {
  const objects = Object.entries(results).map(([name, { of, fields }]) => {
    const reads = fields.map((field) => (field.includes(":") ? field : `${field}: ${of}.${field}`));
    return `const ${name}: Every<typeof ${of}> = {\n  ${reads.join(",\n  ")},\n};`;
  });
  return [
    "type Every<T> = { [K in keyof T]-?: unknown };",
    ...setup,
    ...objects,
    `const fields: Record<string, object> = { ${Object.keys(results).join(", ")} };`,
    `const mayBeUndefined = ${JSON.stringify(mayBeUndefined)};`,
    "Object.entries(fields).flatMap(([name, read]) => Object.entries(read).filter(([, value]) => value === undefined).map(([key]) => `${name}.${key}`))",
    "  .filter((read) => !mayBeUndefined.includes(read))",
  ].join("\n");
}

/** Rich display is part of a result's type: a read of it calls it. */
const display = (of: string) => `[$tsp.jupyterDisplaySymbol]: ${of}[$tsp.jupyterDisplaySymbol]()`;

/**
 * The `-o` results of the magics as a notebook sees them: in a real kernel, a cell reads
 * every field of each result, and the cell's type checker (a type error fails the cell)
 * checks the reads against the types the runtime's own code gives. The field lists are
 * derived from those types: `Every<T>` needs each key of T listed once, so a field added
 * to a result and not read here fails this test, as does a field the types lack.
 */
describe("every field of every magic's result, type-checked in a kernel cell", { timeout: 180_000 }, () => {
  const cells = kernelCellsForSuite();
  before(async () => {
    await cells.resultOf("const A = $tsp.Matrix.rand(24, 16, { seed: 1 });\nconst B = $tsp.Matrix.rand(16, 8, { seed: 2 });");
  });

  it("%parallel --compare --flops --model: the comparison, a worker mode's row, the model and a prediction", async () => {
    await cells.resultOf("const cmp = %parallel --compare serial,1,2 -r 2 -q --flops 2*24*16*8 --model P=4 await $tsp.parallelMatmul(A, B)");
    const setup = [
      "const row = cmp.rows[cmp.rows.length - 1]!;",
      "const model = cmp.model!;",
      // `predictions` is optional in the result's type: when a comparison carries none,
      // a prediction's fields are read from one made from the same model.
      "const prediction = cmp.predictions?.[cmp.predictions.length - 1] ?? $tsp.predict(model, 4);",
      "const calibration = cmp.calibration!;",
      "const validation = calibration.validation;",
    ];
    const cell = everyFieldCell(setup, {
      comparison: { of: "cmp", fields: ["statement", "rows", "traces", "caption", "model", "predictions", "calibration", display("cmp")] },
      rowFields: { of: "row", fields: ["mode", "workers", "median", "mean", "std", "best", "worst", "speedup", "efficiency", "gflops", "model", "timings"] },
      modelFields: {
        of: "model",
        fields: ["calibratedOn", "chunks", "serialUs", "computePerChunkUs", "overheadPerChunkUs", "dispatcherPerChunkUs", "baselineUs", "cores"],
      },
      predictionFields: { of: "prediction", fields: ["workers", "wallUs", "speedup", "efficiency", "bound", "terms", "amdahlSpeedup"] },
      calibrationFields: { of: "calibration", fields: ["model", "rounds", "serialSeconds", "oneWorkerSeconds", "trace", "validation", "extrapolates"] },
      validationFields: {
        of: "validation",
        fields: ["workers", "predictedSpeedup", "predictedSeconds", "measuredSpeedup", "measuredSeconds", "error", "verdict", "trace", "model"],
      },
    }, ["comparison.predictions"]);
    assert.equal(await cells.resultOf(cell), "[]", "with --flops and --model, every field of a worker mode's result has a value");
  });

  it("%timeit -o: the TimeitResult", async () => {
    await cells.resultOf("const timing = %timeit -o -q -n 2 -r 5 $tsp.matmul(A, B)");
    const fields = ["loops", "repeat", "best", "worst", "all_runs", "timings", "compile_time", "precision", "gcBeforeEachRun", "average", "stdev"];
    const cell = everyFieldCell([], { timingFields: { of: "timing", fields: [...fields, "toString: timing.toString()", display("timing")] } });
    assert.equal(await cells.resultOf(cell), "[]");
    assert.equal(await cells.resultOf("[timing.loops, timing.repeat, timing.all_runs.length]"), "[ 2, 5, 5 ]");
  });

  it("%roofline -o: the Roofline, a placement, its point, the ceilings and one ceiling", async () => {
    await cells.resultOf("const roof = %roofline -o -q --probe-seconds 0.01 -n 16 blocked");
    const setup = [
      "const placement = roof.placements[0]!;",
      "const point = placement.point;",
      "const machine = roof.ceilings;",
      "const ceiling = machine.ceilings[\"js-scalar\"]!;",
    ];
    const cell = everyFieldCell(setup, {
      rooflineFields: {
        of: "roof",
        fields: ["ceilings", "placements", "table: roof.table()", "ceilingsTable: roof.ceilingsTable()", "chart: roof.chart()", display("roof")],
      },
      placementFields: { of: "placement", fields: ["point", "memoryRoof", "computeRoof", "binding", "fraction", "above"] },
      pointFields: { of: "point", fields: ["label", "gflops", "intensity", "compute", "threads"] },
      machineFields: { of: "machine", fields: ["ceilings", "unavailable", "procedure", "runs", "secondsPerRun", "loadAverage", "measuredAt"] },
      ceilingFields: { of: "ceiling", fields: ["probe", "label", "unit", "method", "oneThread", "allThreads", "threads"] },
    });
    assert.equal(await cells.resultOf(cell), "[]");
  });

  it("%prun -o: the ProfileResult and a function's row", async () => {
    await cells.resultOf("const profiled = %prun -q -o -i 200 for (let k = 0; k < 100; k++) await $tsp.parallelMatmul(A, B)");
    const setup = ["const functionRow = profiled.rows[0]!;", "const workerProfile = profiled.workers[0]!;"];
    const cell = everyFieldCell(setup, {
      profileFields: {
        of: "profiled",
        fields: [
          "profile", "rows", "workers", "intervalUs", "icicle", "samples", "durationMs",
          "cpuprofile: profiled.cpuprofile()", "table: profiled.table({ sort: 'total', limit: 3 })", display("profiled"),
        ],
      },
      rowFields: { of: "functionRow", fields: ["thread", "name", "location", "selfMs", "selfPercent", "totalMs", "totalPercent"] },
      workerFields: { of: "workerProfile", fields: ["thread", "profile", "rows"] },
    });
    assert.equal(await cells.resultOf(cell), "[]");
    assert.equal(await cells.resultOf("[profiled.intervalUs, profiled.rows[0]!.thread, profiled.samples > 0]"), "[ 200, 'main thread', true ]");
  });

  it("%parallel -o --timeline: the runs, a timeline, its lanes, a chunk, a send and the statistics", async () => {
    await cells.resultOf("const runs = %parallel -o -q --timeline -w 2 -g auto await $tsp.parallelMatmul(A, B)");
    const setup = [
      "const timeline = runs.timelines[0]!;",
      "const lane = timeline.lanes[0]!;",
      "const chunkBar = timeline.chunks[0]!;",
      "const sendBar = timeline.sends[0]!;",
      "const stats = timeline.stats();",
    ];
    const cell = everyFieldCell(setup, {
      runsFields: { of: "runs", fields: ["value", "traces", "timelines", "chromeTrace: runs.chromeTrace()", "figure: runs.figure()", display("runs")] },
      timelineFields: {
        of: "timeline",
        fields: [
          "label", "lanes", "chunks", "sends", "probe", "startUs", "wallUs", "clock",
          "stats: timeline.stats()", "chromeTrace: timeline.chromeTrace()", "figure: timeline.figure()", "toString: timeline.toString()", display("timeline"),
        ],
      },
      laneFields: { of: "lane", fields: ["name", "threadId"] },
      chunkFields: { of: "chunkBar", fields: ["chunk", "lane", "threadId", "dispatchedUs", "startUs", "endUs"] },
      sendFields: { of: "sendBar", fields: ["label", "startUs", "endUs"] },
      statsFields: { of: "stats", fields: ["chunks", "busyLanes", "spanUs", "medianChunkUs", "medianGapUs", "gaps", "busyShare"] },
    }, ["statsFields.medianGapUs"]);
    assert.equal(await cells.resultOf(cell), "[]", "auto grain under shared dispatch: a probe, and no recorded gap");
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
