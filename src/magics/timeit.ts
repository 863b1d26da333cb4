import { UsageError } from "../errors";
import type { ClockKind, MagicTimeitFlags } from "../timing";
import type { CodeWriter } from "./code-writer";
import { magicRuntime } from "./runtime-reference";
import { writeWithTrailingExpression } from "./statement";
import type { MagicDeclaration, MagicUse, SourceText } from "./types";

/**
 * `%timeit` / `%%timeit`, IPython's flags and output (IPython/core/magics/execution.py).
 * Rewritten into a call of `$tsp.$magicTimeit(flags, loop)` where `loop` is an async
 * arrow function compiled in the cell with the statement inlined in a `for` loop (see
 * src/timing/magic-runtime.ts for its shape and why).
 */
export const timeitMagic: MagicDeclaration = {
  name: "timeit",
  kind: "both",
  summary: "Time execution of a TypeScript statement or expression.",
  doc: [
    "In line mode, time one statement (several can be chained with ';'). In cell mode, the",
    "rest of the first line is setup code, run before each measurement and not timed, and",
    "the cell body is timed; the body sees the variables the setup declares.",
    "",
    "Without -n, the number of loops is chosen as IPython does: 1, 10, 100, ... until one",
    "measurement takes at least 0.2 s. Then -r measurements are taken, and the mean and",
    "standard deviation of the time per loop are printed. A statement that uses `await`,",
    "or ends in an expression whose value is a promise, is awaited inside each loop, so the",
    "time includes its completion.",
    "",
    "Garbage collection: V8's collector cannot be switched off as IPython switches Python's",
    "off; instead garbage is collected before each measurement, outside the timing, and",
    "collections the statement's own allocations cause are part of its time.",
    "An interrupt stops %timeit between measurements.",
  ].join("\n"),
  arguments: {
    flags: [
      { key: "loops", short: "n", type: "integer", minimum: 1, metavar: "N", help: "Execute the statement N times in a loop.", defaultText: "autorange" },
      { key: "repeat", short: "r", type: "integer", minimum: 1, metavar: "R", help: "Number of measurements, each of N loops.", defaultText: "7" },
      { key: "wall", short: "t", type: "boolean", help: "Measure wall time (the default)." },
      { key: "cpu", short: "c", type: "boolean", help: "Measure CPU time (user + system, all threads of the kernel)." },
      { key: "precision", short: "p", type: "integer", minimum: 0, metavar: "P", help: "Significant digits of the result.", defaultText: "3" },
      { key: "quiet", short: "q", type: "boolean", help: "Quiet: print nothing." },
      { key: "output", short: "o", type: "boolean", help: "Return the TimeitResult: `const r = %timeit -o f()`." },
    ],
    rest: { name: "statement", help: "The statement to time (in cell mode: the setup code)." },
  },
  rewrite(use, out) {
    if (use.form === "line" && use.rest.text.trim() === "") {
      // IPython returns without doing anything when given no statement.
      out.generated("void 0");
      return;
    }
    writeTimeitCall(use, out);
  },
};

function flagsOf(use: MagicUse): MagicTimeitFlags {
  const clock: ClockKind = use.flags.cpu === true ? "cpu" : "wall";
  return {
    loops: numberFlag(use, "loops", 0),
    repeat: numberFlag(use, "repeat", 7),
    precision: numberFlag(use, "precision", 3),
    clock,
    quiet: use.flags.quiet === true,
  };
}

function numberFlag(use: MagicUse, key: string, fallback: number): number {
  const value = use.flags[key];
  if (value === undefined) return fallback;
  if (typeof value !== "number") throw new UsageError(`%timeit: ${key} must be a number`);
  return value;
}

/**
 * Writes:
 *   [void ]await $tsp.$magicTimeit({...flags}, async ($timeitLoops, $timeitClock, $timeitThenable) => {
 *     if ($timeitLoops < 0) return 0; <setup>
 *     const $timeitStart = $timeitClock(); for (let $timeitIndex = 0; ...; $timeitIndex++) {
 *     <statement> const $timeitValue = (<trailing expression>)
 *     ; if ($timeitThenable($timeitValue)) await $timeitValue; }
 *     return $timeitClock() - $timeitStart; })
 * User text is copied verbatim (positions kept); a generated line break follows each
 * piece of user text so that a trailing `// comment` cannot swallow generated code.
 */
function writeTimeitCall(use: MagicUse, out: CodeWriter): void {
  const setup = use.form === "cell" ? use.rest : undefined;
  const timed: SourceText = use.form === "cell" ? (use.body ?? { text: "", line: use.rest.line + 1, column: 0 }) : use.rest;
  const returnsResult = use.flags.output === true;
  out.generated(`${returnsResult ? "" : "void "}await ${magicRuntime("$magicTimeit")}(${JSON.stringify(flagsOf(use))}, `);
  out.generated("async ($timeitLoops, $timeitClock, $timeitThenable) => { if ($timeitLoops < 0) return 0; ");
  if (setup && setup.text.trim() !== "") {
    out.user(setup);
    out.generated("\n;");
  }
  out.generated(" const $timeitStart = $timeitClock(); for (let $timeitIndex = 0; $timeitIndex < $timeitLoops; $timeitIndex++) { ");
  writeWithTrailingExpression(timed, out, "const $timeitValue = (", "\n); if ($timeitThenable($timeitValue)) await $timeitValue;");
  out.generated(" } return $timeitClock() - $timeitStart; })");
}
