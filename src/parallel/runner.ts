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

/**
 * Compiles standalone loop-body JavaScript into a range runner. The body sees only
 * its inputs, `i`, and the globals of the thread; `//# sourceURL` names the frames
 * of its stack so a throw points into "parallel-body".
 */
function compileSource(js: string, names: string[], values: unknown[]): RangeRunner {
  const loop = new Function(
    ...names,
    "$u0",
    "$u1",
    `"use strict";\nfor (let i = $u0; i < $u1; i++) {\n${js}\n}\n//# sourceURL=parallel-body.js`,
  ) as (...args: unknown[]) => void;
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
