import { UsageError } from "../errors";
import type { MagicPrunFlags } from "../profile/magic-runtime";
import { defaultIntervalUs } from "../profile/interval";
import type { SortKey } from "../profile/function-table";
import type { CodeWriter } from "./code-writer";
import { magicRuntime } from "./runtime-reference";
import { writeWithTrailingExpression } from "./statement";
import type { MagicDeclaration, MagicUse } from "./types";

/**
 * `%prun` / `%%prun`: IPython's profiler magic (IPython/core/magics/execution.py), with
 * V8's sampling CPU profiler in place of cProfile. Rewritten into a call of
 * `$tsp.$magicPrun(flags, async () => { <statement> })`, the statement compiled in the
 * cell (see src/profile/magic-runtime.ts).
 */
export const prunMagic: MagicDeclaration = {
  name: "prun",
  kind: "both",
  summary: "Profile a TypeScript statement with V8's sampling CPU profiler.",
  doc: [
    "In line mode, profile one statement; in cell mode, the whole cell (code on the magic's",
    "line runs first). A statement that uses `await`, or ends in an expression whose value",
    "is a promise, is awaited, so the profile covers its completion.",
    "",
    "V8 samples the kernel's main thread every -i microseconds and records the stack.",
    "The table gives each function's self time (samples where it was running) and total",
    "time (samples where it was on the stack, once per sample even when it recurses), with",
    "where it is: `<cell N>:line` for notebook code, `tsparallel/<folder>/<file>.ts:line`",
    "for the library. (garbage collector), (program) and (idle) are V8's own rows. Below",
    "it, an icicle chart of the call tree. Times are from samples, so a function that ran",
    "for less than a few intervals may be missing or over-counted.",
    "",
    "When the statement runs parallel work, every pool worker is profiled too (through the",
    "main thread's inspector session; the workers' code is not changed), and the table has a",
    "row per function and thread, each percentage of its own thread's sampled time. A",
    "worker that ends during the statement (a -w resize, a replaced thread) is left out.",
    "",
    "Overhead, measured here (bench/profiler-overhead.ts: 5 blocked matmuls at n=300, with",
    "and without the profiler in 21 interleaved rounds, while other jobs kept the 2-core",
    "machine's load near 7): at the default 1000 us the profiled run took 1.21x as long",
    "(median of per-round ratios; range 0.67-1.68), at -i 100 1.72x (0.40-3.07). Most of it",
    "at 1000 us is a fixed cost per profile, 25 ms (13-179), not the sampling: the statement",
    "itself, timed inside the profile, took 1.03x (0.44-1.51) its unprofiled time; at -i 100",
    "it took 1.46x (0.33-2.28). Of the fixed cost, V8's Profiler.start alone took 21 ms",
    "(11-132): V8 logs the code that already exists by walking the whole heap (log.cc,",
    "ExistingCodeLogger), so the cost grows with the live heap, to 139 ms (110-218) with",
    "85 MB of small objects against 21 ms at 7 MB. Profile a statement that runs for far",
    "longer than that, or repeat a short one inside %prun.",
    "",
    "With -o the ProfileResult is returned: `.rows` (main thread), `.workers`, `.table({ sort,",
    "limit })`, `.icicle`, and `.cpuprofile(thread?)`, a thread's V8 profile as JSON for",
    "Chrome DevTools or speedscope.",
    "A statement's error is raised as it is, after the profiler stops; an interrupt stops",
    "the statement and the profiler.",
  ].join("\n"),
  arguments: {
    flags: [
      { key: "sort", short: "s", type: "string", choices: ["self", "total", "name"], metavar: "KEY", help: "Sort the table by self time, total time or function name.", defaultText: "self" },
      { key: "limit", short: "l", type: "integer", minimum: 1, metavar: "N", help: "Show the top N functions.", defaultText: "20" },
      { key: "interval", short: "i", type: "integer", minimum: 10, metavar: "US", help: "Sampling interval in microseconds.", defaultText: String(defaultIntervalUs) },
      { key: "quiet", short: "q", type: "boolean", help: "Quiet: show nothing." },
      { key: "output", short: "o", type: "boolean", help: "Return the ProfileResult: `const p = %prun -o f()`." },
    ],
    rest: { name: "statement", help: "The statement to profile (in cell mode: code run before the cell's body)." },
  },
  rewrite(use, out) {
    const hasBody = use.form === "cell" && (use.body?.text.trim() ?? "") !== "";
    if (use.rest.text.trim() === "" && !hasBody) {
      throw new UsageError(use.form === "cell" ? "%%prun: the cell has no code to profile" : "%prun: no statement to profile (usage: %prun [-s KEY] [-l N] [-i US] [-q] [-o] statement)");
    }
    writePrunCall(use, out, hasBody);
  },
};

function flagsOf(use: MagicUse): MagicPrunFlags {
  return {
    sort: (typeof use.flags.sort === "string" ? use.flags.sort : "self") as SortKey,
    limit: typeof use.flags.limit === "number" ? use.flags.limit : 20,
    intervalUs: typeof use.flags.interval === "number" ? use.flags.interval : defaultIntervalUs,
    quiet: use.flags.quiet === true,
  };
}

/**
 * Writes:
 *   [void ]await $tsp.$magicPrun({...flags}, async () => {
 *     <line code>\n; <statement> return (<trailing expression>\n); })
 * User text keeps its positions, so the profile's `<cell N>:line` and errors point at it.
 */
function writePrunCall(use: MagicUse, out: CodeWriter, hasBody: boolean): void {
  out.generated(`${use.flags.output === true ? "" : "void "}await ${magicRuntime("$magicPrun")}(${JSON.stringify(flagsOf(use))}, async () => { `);
  if (hasBody && use.body) {
    if (use.rest.text.trim() !== "") {
      out.user(use.rest);
      out.generated("\n;");
    }
    writeWithTrailingExpression(use.body, out, "return (", "\n);");
  } else {
    writeWithTrailingExpression(use.rest, out, "return (", "\n);");
  }
  out.generated(" })");
}
