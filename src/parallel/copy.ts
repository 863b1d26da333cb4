import type { InputValue, JobSpec, TypedData } from "./job";

/**
 * Copy transport: each task gets its own copy of every matrix and array it is given,
 * as a shared-nothing design must (multiprocessing pickles its arguments the same
 * way). The copy is made here, timed, and then moved to the worker in the transfer
 * list, so postMessage does not copy it a second time.
 */
export function copyInputs(spec: JobSpec): { spec: JobSpec; transfer: ArrayBuffer[] } {
  const inputs: Record<string, InputValue> = {};
  const transfer: ArrayBuffer[] = [];
  for (const [name, input] of Object.entries(spec.inputs)) {
    if (input.kind === "matrix") {
      const data = new Float64Array(input.data);
      transfer.push(data.buffer);
      inputs[name] = { kind: "matrix", rows: input.rows, cols: input.cols, data };
    } else if (input.kind === "array") {
      const data = copyTyped(input.data);
      transfer.push(data.buffer as ArrayBuffer);
      inputs[name] = { kind: "array", data };
    } else {
      inputs[name] = input;
    }
  }
  return { spec: { ...spec, inputs }, transfer };
}

function copyTyped(data: TypedData): TypedData {
  return data.slice(); // slice() of a typed array allocates a plain ArrayBuffer
}

/** Writes back the span each unit owns (JobSpec.outputs) from a task's private copy. */
export function copyBackUnits(spec: JobSpec, outputs: Record<string, Float64Array> | undefined, u0: number, u1: number): void {
  if (!outputs) return;
  for (const { name, stride } of spec.outputs) {
    const source = outputs[name];
    const target = spec.inputs[name];
    if (!source || !target || (target.kind !== "matrix" && target.kind !== "array")) continue;
    target.data.set(source.subarray(u0 * stride, u1 * stride), u0 * stride);
  }
}
