import vm from "node:vm";
import type { InputValue, JobSpec, Unit } from "./job";

/** Runs units [u0, u1) of a loop. */
export type RangeRunner = (u0: number, u1: number) => void;

/**
 * Builds a runner from a run's inputs (matrices arrive as {rows, cols, data}).
 * Called once per run per worker under shared transport, so per-run preparation
 * (e.g. a transposed copy of B) belongs here, not in the runner.
 */
export type BodyFactory = (inputs: Record<string, unknown>, unit: Unit) => RangeRunner;

const registry = new Map<string, BodyFactory>();

/**
 * Registers a named loop body. The worker entry imports the modules that call this,
 * so a body is available in workers only if it is registered by code the entry loads.
 */
export function registerLoopBody(name: string, factory: BodyFactory): void {
  registry.set(name, factory);
}

export function loopBody(name: string): BodyFactory | undefined {
  return registry.get(name);
}

export function loopBodyNames(): string[] {
  return [...registry.keys()].sort();
}

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

function vector(inputs: Record<string, unknown>, name: string): Float64Array {
  const value = inputs[name];
  if (value instanceof Float64Array) return value;
  if (value && typeof value === "object" && (value as { data?: unknown }).data instanceof Float64Array) {
    return (value as { data: Float64Array }).data;
  }
  throw new TypeError(`input ${name} must be a Float64Array or a matrix`);
}

function scalar(inputs: Record<string, unknown>, name: string): number {
  const value = inputs[name];
  if (typeof value !== "number") throw new TypeError(`input ${name} must be a number`);
  return value;
}

// y[i] += alpha * x[i]: the smallest useful loop, for notebooks and the tests.
registerLoopBody("axpy", (inputs) => {
  const x = vector(inputs, "x");
  const y = vector(inputs, "y");
  const alpha = scalar(inputs, "alpha");
  return (u0, u1) => {
    for (let i = u0; i < u1; i++) y[i] += alpha * x[i];
  };
});

// Does nothing: measures the pure cost of a task or a claim.
registerLoopBody("noop", () => () => {});
