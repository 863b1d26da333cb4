import vm from "node:vm";
import { loopBody, type RangeRunner } from "./bodies";
import type { InputValue, JobSpec } from "./job";

/** What a body sees: a matrix as {rows, cols, data}, an array as itself, a scalar as its value. */
export function resolveInputs(inputs: Record<string, InputValue>): Record<string, unknown> {
  const resolved: Record<string, unknown> = {};
  for (const [name, input] of Object.entries(inputs)) {
    if (input.kind === "matrix") resolved[name] = { rows: input.rows, cols: input.cols, data: input.data };
    else if (input.kind === "array") resolved[name] = input.data;
    else resolved[name] = input.value;
  }
  return resolved;
}

/** Frames of a standalone body's stack name this file; line numbers are the body's own. */
export const LOOP_BODY_FILENAME = "parallel-body";

/**
 * The loop around a standalone body. The loop header shares the body's first line, so
 * line N of a stack frame in LOOP_BODY_FILENAME is line N of the body as written
 * (type-only TypeScript is stripped line for line).
 */
export function wrapLoopBody(js: string): string {
  return `${LOOP_PREFIX}${js}\n}`;
}

/** Everything before the body's first character, all on line 1. */
export const LOOP_PREFIX = `"use strict"; for (let i = $u0; i < $u1; i++) { `;

/**
 * Compiles standalone loop-body JavaScript into a range runner. The body sees only
 * its inputs, `i`, and the globals of the thread.
 */
function compileSource(js: string, names: string[], values: unknown[]): RangeRunner {
  const loop = vm.compileFunction(wrapLoopBody(js), [...names, "$u0", "$u1"], { filename: LOOP_BODY_FILENAME }) as (
    ...args: unknown[]
  ) => void;
  return (u0, u1) => loop(...values, u0, u1);
}

/** Turns a job description into the function that runs a range of its units. */
export function prepareRunner(spec: JobSpec): RangeRunner {
  const inputs = resolveInputs(spec.inputs);
  if (spec.body.kind === "source") {
    const names = spec.body.names;
    return compileSource(spec.body.js, names, names.map((name) => inputs[name]));
  }
  const factory = loopBody(spec.body.name);
  if (!factory) throw new Error(`no loop body named ${JSON.stringify(spec.body.name)} is registered in the worker`);
  return factory(inputs, spec.unit);
}
