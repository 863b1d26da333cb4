import { UsageError } from "../errors";
import { compileLoopBody } from "../parallel/source-body";
import type { CodeWriter } from "./code-writer";
import { nameList, runSettingsOf } from "./parallel-flags";
import type { LoopFlags } from "./parallel-runtime";
import type { MagicUse } from "./types";

/**
 * `%%parallel [-n N] [--in A,B] [--out C] [-w -g -d -t -q]`: the cell body is the body of
 * a parallel loop over `i`, like Numba's prange. It runs in the workers, which share
 * nothing with the notebook but the inputs, so it is compiled standalone here, while
 * the cell is rewritten: a notebook variable it uses without being given it is a
 * UsageError before anything runs. The inputs are passed by name from the cell, so a
 * name in --in / --out that the notebook lacks is a type error at the magic's line.
 *
 * Writes:  void await <runtime>.loop({...flags, body}, (N) | undefined, { A: A, C: C })
 */
export function writeParallelLoop(use: MagicUse, out: CodeWriter, runtime: string): void {
  if (use.rest.text !== "") throw new UsageError(`%%parallel: unexpected '${use.rest.text}' after the options (the loop body goes on the next lines)`);
  const inputs = typeof use.flags.inputs === "string" ? nameList(use.flags.inputs, "--in") : [];
  const outputs = typeof use.flags.outputs === "string" ? nameList(use.flags.outputs, "--out") : [];
  const names = [...new Set([...inputs, ...outputs])];
  const body = use.body?.text ?? "";
  if (body.trim() === "") throw new UsageError("%%parallel: the cell has no loop body (write it on the lines after %%parallel)");
  // Throws UsageError for a name that is neither `i`, an input, the body's own nor a global.
  try {
    compileLoopBody(body, names);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`%%parallel: ${error.message}`);
    throw error;
  }
  const count = typeof use.flags.count === "string" ? use.flags.count : undefined;
  if (count === undefined && outputs.length === 0) {
    throw new UsageError("%%parallel: give the iteration count with -n N (or name a matrix or array output with --out)");
  }
  const flags: LoopFlags = { settings: runSettingsOf(use), quiet: use.flags.quiet === true, outputs, body };
  out.generated(`void await ${runtime}.loop(${JSON.stringify(flags)}, `);
  out.generated(count === undefined ? "undefined" : `(${count})`);
  out.generated(`, { ${names.map((name) => `${name}: ${name}`).join(", ")} })`);
}
