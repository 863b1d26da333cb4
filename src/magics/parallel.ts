import { UsageError } from "../errors";
import { cores, idleCloseMs, workersPerCoreWarning } from "../parallel/oversubscription";
import type { CodeWriter } from "./code-writer";
import { writeParallelLoop } from "./parallel-cell";
import { compareModes, modelWorkersOf, runSettingsOf, sweepModes, type CompareSpec } from "./parallel-flags";
import type { RunFlags } from "./parallel-runtime";
import { magicRuntime } from "./runtime-reference";
import { writeWithTrailingExpression } from "./statement";
import type { MagicDeclaration, MagicUse, SourceText } from "./types";

/** The runtime half (parallel-runtime.ts), as the generated code names it. */
export const parallelRuntime = magicRuntime("$magicParallel");

/** The flags that make the line magic time its statement in several modes. */
const comparisonFlags = ["compare", "sweep"];

/**
 * `%parallel` / `%%parallel`: run the same code serially or on the worker pool, and see
 * where the time goes. Like Numba's parallel=True/False and prange.
 */
export const parallelMagic: MagicDeclaration = {
  name: "parallel",
  kind: "both",
  summary: "Run code serially or on the worker pool, compare modes, and show where the time went.",
  doc: [
    "Line magic:",
    "  %parallel                  show the pool: workers, busy, tasks run, per-task cost",
    "  %parallel -w N             resize the pool to N workers (it stays that size)",
    "  %parallel off | on         every parallelMatmul / parallelFor runs inline and serially",
    "                             on the kernel thread (off) or on the pool (on), code unchanged",
    "  %parallel [-w N] [-g GRAIN] [-d DISPATCH] [-t TRANSPORT] STATEMENT",
    "                             run the statement once with every parallel call in it under",
    "                             those settings; show each run's trace (per worker: queued,",
    "                             transfer, compute, idle ms, which sum to the wall time) and a",
    "                             stacked bar of it. -w applies to this statement only.",
    "                             `const C = %parallel -w 2 await parallelMatmul(A, B)` keeps",
    "                             the statement's value (its last expression).",
    "  %parallel --timeline [-o] [...] STATEMENT",
    "                             also record each run's task timeline: for every chunk, the",
    "                             worker that ran it, when the calling thread sent its task,",
    "                             and when it started and ended (one clock for all threads).",
    "                             Shown as a chart, a lane per worker and one for the calling",
    "                             thread's sends; hover a bar for its chunk, start, duration.",
    "                             Workers write the times into shared memory allocated before",
    "                             the run (no message per chunk); under shared dispatch one",
    "                             clock read per chunk, so a chunk's bar includes its claim",
    "                             and no gap between a worker's chunks is recorded. Its cost",
    "                             per chunk is measured by `npm run bench:parallel`.",
    "                             `const runs = %parallel -o --timeline STATEMENT` returns",
    "                             { value, traces, timelines, chromeTrace(), figure() }:",
    "                             chromeTrace() is Chrome Trace Event JSON, which Perfetto",
    "                             (ui.perfetto.dev) and chrome://tracing open as it is.",
    "                             Not with --compare or --sweep (they time runs unrecorded).",
    "  %parallel --compare serial,1,2 [-r R] [--flops EXPR] [--model P=20] STATEMENT",
    "  %parallel --sweep grain=element,row,rows:8 [...] STATEMENT",
    "                             time the statement in each mode (serial = inline; N = N",
    "                             workers; a sweep measures serial, then each value of",
    "                             workers, grain, dispatch or transport): warm-up runs (1, or",
    "                             up to 10 within 50 ms), then R rounds, each timing one run",
    "                             of every mode, the order rotated each round (a mode that",
    "                             resizes the pool is warmed up again, untimed); a table of",
    "                             the median with the range (min–max) and mean ± std, speedup",
    "                             and efficiency (from medians, over serial), GFLOP/s when the",
    "                             work is known (--flops), and a chart whose whiskers span the",
    "                             runs. --model P=N measures serial, 1 worker and 2 workers",
    "                             interleaved over max(5, R) rounds, fits the cost model to",
    "                             the median 1-worker run, checks its 2-worker prediction",
    "                             against the 2-worker runs, and only if they agree charts",
    "                             its predicted speedup up to N workers on N cores (rounded",
    "                             to the validation error); otherwise it says what the",
    "                             2-worker runs did differently. Notebook 04 uses the same",
    "                             calibration (calibrateConfiguration). Pool size and on/off",
    "                             state are restored afterwards. `const r = %parallel",
    "                             --compare ...` keeps the measurements.",
    "",
    "Cell magic (the body is a parallel loop body over i, like Numba's prange):",
    "  %%parallel -n N --in A,B --out C",
    "  for (let j = 0; j < C.cols; j++) C.data[i * C.cols + j] = A.data[i * A.cols + j] + B.data[i * B.cols + j];",
    "The body is compiled standalone and runs in the workers for i = 0 .. N-1; it sees only",
    "`i`, the variables named in --in / --out (matrices as { rows, cols, data }, typed",
    "arrays, numbers, strings, booleans) and language globals. Any other notebook variable",
    "is a UsageError before anything runs. Iteration i should write only row i / element i",
    "of an output. Without -n, N is the first output's rows (matrix) or length (array).",
    "",
    "Grains: element, row, rows:K, auto. Dispatch: message, shared. Transport: shared, copy.",
    `Workers: 1 to 256. Above ${workersPerCoreWarning} per core (${workersPerCoreWarning * cores()} on this machine's ${cores()} cores) a run`,
    "warns: every worker is a thread with its own V8 heap (about 9 MB) that takes time to start",
    "(256 workers on 2 cores took 22 s and 2.4 GB), and such a pool closes its threads after",
    `${idleCloseMs / 1000} s without a run; its size stays, so the next run starts them again.`,
    "Declarations inside a line magic's STATEMENT stay local to it.",
  ].join("\n"),
  arguments: {
    flags: [
      { key: "workers", short: "w", type: "integer", minimum: 1, metavar: "N", help: "Workers (the pool is resized; alone: stays resized)." },
      { key: "grain", short: "g", type: "string", metavar: "GRAIN", help: "Work per task: element, row, rows:K, auto." },
      { key: "dispatch", short: "d", type: "string", choices: ["message", "shared"], metavar: "DISPATCH", help: "How tasks reach the workers." },
      { key: "transport", short: "t", type: "string", choices: ["shared", "copy"], metavar: "TRANSPORT", help: "How data reaches the workers." },
      { key: "quiet", short: "q", type: "boolean", help: "Show nothing (the value is still returned)." },
      { key: "timeline", long: "timeline", type: "boolean", help: "Record and show each run's task timeline (chunks per worker over time)." },
      { key: "output", short: "o", type: "boolean", form: "line", help: "Return the runs: `const runs = %parallel -o --timeline STATEMENT`." },
      { key: "compare", long: "compare", type: "string", form: "line", metavar: "MODES", help: "Time each mode: serial and/or worker counts, e.g. serial,1,2." },
      { key: "sweep", long: "sweep", type: "string", form: "line", metavar: "KEY=LIST", help: "Time serial, then each value, e.g. grain=row,rows:8 or workers=1,2." },
      { key: "repeat", short: "r", type: "integer", minimum: 1, form: "line", needs: comparisonFlags, metavar: "R", help: "Rounds: each times one run of every mode.", defaultText: "5" },
      { key: "flops", long: "flops", type: "string", form: "line", needs: comparisonFlags, metavar: "EXPR", help: "Floating-point operations per run (a TypeScript expression, no spaces), for GFLOP/s." },
      { key: "model", long: "model", type: "string", form: "line", needs: comparisonFlags, metavar: "P=N", help: "Calibrate the cost model on serial, 1 and 2 workers in rounds; if its 2-worker prediction holds, predict up to N workers." },
      { key: "count", short: "n", type: "string", form: "cell", metavar: "N", help: "Iterations (an expression); i runs over 0 .. N-1." },
      { key: "inputs", long: "in", type: "string", form: "cell", metavar: "NAMES", help: "Comma-separated variables the body reads." },
      { key: "outputs", long: "out", type: "string", form: "cell", metavar: "NAMES", help: "Comma-separated variables the body writes." },
    ],
    rest: { name: "statement", help: "Line magic: on, off, or the statement to run (may use await)." },
  },
  rewrite(use, out) {
    if (use.form === "cell") writeParallelLoop(use, out, parallelRuntime);
    else writeLineMagic(use, out);
  },
};

function writeLineMagic(use: MagicUse, out: CodeWriter): void {
  const statement = use.rest.text;
  const settings = runSettingsOf(use);
  const comparing = use.flags.compare !== undefined || use.flags.sweep !== undefined;
  if (statement === "on" || statement === "off") {
    if (Object.keys(use.flags).length > 0) throw new UsageError(`%parallel ${statement} takes no options`);
    out.generated(`${parallelRuntime}.switchTo(${statement === "on"})`);
    return;
  }
  if (statement === "") {
    if (comparing || Object.keys(use.flags).some((key) => key !== "workers")) {
      throw new UsageError("%parallel: no statement given (only -w N works without one)");
    }
    out.generated(`void await ${parallelRuntime}.status(${JSON.stringify({ workers: settings.workers })})`);
    return;
  }
  if (comparing && (use.flags.timeline === true || use.flags.output === true)) {
    const flag = use.flags.timeline === true ? "--timeline" : "-o";
    throw new UsageError(`%parallel: ${flag} applies to one run of a statement, not to --compare or --sweep (whose result is kept without -o, and whose runs are timed unrecorded)`);
  }
  if (!comparing) {
    const flags: RunFlags = { settings, quiet: use.flags.quiet === true };
    // A promise chain on $tsp.withParallelSettings gives the value its type; the converter
    // fails on the inferred type of an awaited async function written in the cell.
    out.generated(`${use.assigned ? "" : "void "}await $tsp.withParallelSettings(${parallelRuntime}.enter(${JSON.stringify(flags)}), `);
    writeStatement(use.rest, out);
    if (use.flags.output === true) out.generated(`).then(${parallelRuntime}.result, ${parallelRuntime}.fail)`);
    else out.generated(`).then(async ($parallelRun) => { await ${parallelRuntime}.leave($parallelRun.traces); return $parallelRun.value; }, ${parallelRuntime}.fail)`);
    return;
  }
  if (use.flags.compare !== undefined && use.flags.sweep !== undefined) throw new UsageError("%parallel: use --compare or --sweep, not both");
  const modes =
    use.flags.compare !== undefined ? compareModes(String(use.flags.compare), settings) : sweepModes(String(use.flags.sweep), settings);
  const spec: CompareSpec = {
    kind: use.flags.compare !== undefined ? "compare" : "sweep",
    modes,
    repeat: typeof use.flags.repeat === "number" ? use.flags.repeat : 5,
    statement,
    quiet: use.flags.quiet === true,
  };
  if (typeof use.flags.model === "string") spec.modelWorkers = modelWorkersOf(use.flags.model);
  out.generated(`${use.assigned ? "" : "void "}await ${parallelRuntime}.compare(${JSON.stringify(spec)}, `);
  writeStatement(use.rest, out);
  if (typeof use.flags.flops === "string") out.generated(`, () => (${use.flags.flops})`);
  out.generated(")");
}

/**
 * The statement as an async arrow function whose value is its trailing expression's:
 *   async () => { <leading statements>\n return (<expression>\n); }
 * User text keeps its positions; a generated line break follows it so a trailing
 * `// comment` cannot swallow generated code.
 */
function writeStatement(statement: SourceText, out: CodeWriter): void {
  out.generated("async () => { ");
  writeWithTrailingExpression(statement, out, "return (", "\n); ");
  out.generated("}");
}
