import type { Unit } from "./job";

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
