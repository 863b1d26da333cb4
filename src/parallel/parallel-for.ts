import { UsageError } from "../errors";
import { loopBody, loopBodyNames } from "./bodies";
import { inputOptionsFor } from "./options";
import { outputSpans, toInputValues } from "./inputs";
import type { BodyRef } from "./job";
import { withTraceOption, type RunOptions, type TraceOption } from "./options";
import { runPlan } from "./run";
import { applySettings } from "./settings";
import { compileLoopBody } from "./source-body";
import type { RunTrace } from "./trace";

/** A loop range: `n` (0..n-1), `[start, end)`, or `{ start, end }`. */
export type LoopRange = number | readonly [number, number] | { start: number; end: number };

/**
 * A loop body: the name of one registered in the worker entry (`registerLoopBody`),
 * or TypeScript statements over `i` compiled standalone (`{ source }`, or a string
 * that is not a registered name). Like Numba's prange body, iteration i should write
 * only what it owns (row i / element i of its outputs).
 */
export type LoopBodyInput = string | { name: string } | { source: string };

export interface ParallelForOptions extends RunOptions {
  /** Inputs the body writes (copy transport brings back their owned spans). Default: every Float64 matrix/array. */
  outputs?: readonly string[];
}

function toRange(range: LoopRange): [number, number] {
  const [start, end] =
    typeof range === "number" ? [0, range] : Array.isArray(range) ? range : [(range as { start: number }).start, (range as { end: number }).end];
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) {
    throw new UsageError(`loop range must be n or [start, end) with integers start <= end, not ${JSON.stringify(range)}`);
  }
  return [start, end];
}

function toBody(body: LoopBodyInput, inputNames: string[]): { ref: BodyRef; label: string; mapStack?: (stack: string) => string } {
  if (typeof body === "object" && body && "name" in body) {
    if (!loopBody(body.name)) {
      throw new UsageError(`no loop body named ${JSON.stringify(body.name)}; registered: ${loopBodyNames().join(", ")}`);
    }
    return { ref: { kind: "named", name: body.name }, label: body.name };
  }
  const source = typeof body === "string" ? body : (body as { source?: unknown })?.source;
  if (typeof source !== "string") throw new UsageError("loop body must be a registered name or { source: string }");
  if (typeof body === "string" && loopBody(body)) return { ref: { kind: "named", name: body }, label: body };
  const compiled = compileLoopBody(source, inputNames);
  return { ref: { kind: "source", js: compiled.js, names: compiled.names }, label: "source", mapStack: compiled.mapStack };
}

export function parallelFor(
  range: LoopRange,
  body: LoopBodyInput,
  inputs: Record<string, unknown>,
  options: ParallelForOptions & { trace: true | "timeline" },
): Promise<{ trace: RunTrace }>;
export function parallelFor(
  range: LoopRange,
  body: LoopBodyInput,
  inputs?: Record<string, unknown>,
  options?: ParallelForOptions,
): Promise<void>;
/**
 * Runs `body` for every i in `range` on the pool (or inline when parallel mode is
 * off or `inline` is set). Everything about the inputs and the body is checked
 * before anything runs. With `trace: true` it resolves to the run's trace; with
 * `trace: "timeline"` the trace also holds the task timeline.
 */
export async function parallelFor(
  range: LoopRange,
  body: LoopBodyInput,
  inputs: Record<string, unknown> = {},
  callOptions: ParallelForOptions & { trace?: TraceOption } = {},
): Promise<void | { trace: RunTrace }> {
  const options = applySettings(withTraceOption(callOptions));
  const [start, end] = toRange(range);
  const { grain, transport } = inputOptionsFor(options);
  const values = toInputValues(inputs, transport);
  const outputs = outputSpans(values, options.outputs);
  const { ref, label, mapStack } = toBody(body, Object.keys(values));
  // A loop has no elements: element and row both mean one iteration per chunk.
  const plan = {
    label,
    mapStack,
    grain: grain.kind === "element" ? ({ kind: "rows", rowsPerChunk: 1 } as const) : grain,
    build: () => ({ body: ref, inputs: values, unit: "row" as const, start, end, outputs }),
  };
  const trace = await runPlan(plan, { ...options, transport });
  if (options.trace) return { trace };
}

/**
 * Numba's name for a parallel loop: `await prange(n, "c[i] = a[i] * 2", { a, c })`
 * is `parallelFor` under the name notebooks ported from Numba look for.
 */
export const prange: typeof parallelFor = parallelFor;
