import { UsageError } from "../errors";
import type { InputValue, OutputSpan, TypedData } from "./job";
import type { Transport } from "./options";

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function isTypedData(value: unknown): value is TypedData {
  return (
    value instanceof Float64Array || value instanceof Float32Array || value instanceof Int32Array ||
    value instanceof Uint32Array || value instanceof Uint8Array
  );
}

function isMatrixLike(value: unknown): value is { rows: number; cols: number; data: Float64Array } {
  if (!value || typeof value !== "object") return false;
  const m = value as { rows?: unknown; cols?: unknown; data?: unknown };
  return typeof m.rows === "number" && typeof m.cols === "number" && m.data instanceof Float64Array;
}

/**
 * Turns a loop's inputs into plain data that crosses threads: matrices (anything with
 * rows, cols and a Float64Array `data`), typed arrays, and scalars. Under shared
 * transport the storage must be a SharedArrayBuffer, or workers' writes would land in
 * their own copies and be lost.
 */
export function toInputValues(inputs: Record<string, unknown>, transport: Transport): Record<string, InputValue> {
  if (!inputs || typeof inputs !== "object") throw new UsageError("inputs must be an object of named values");
  const values: Record<string, InputValue> = {};
  for (const [name, value] of Object.entries(inputs)) {
    if (!IDENTIFIER.test(name) || name === "i") throw new UsageError(`input name ${JSON.stringify(name)} is not a usable identifier`);
    const data = isMatrixLike(value) ? value.data : isTypedData(value) ? value : undefined;
    if (data && transport === "shared" && !(data.buffer instanceof SharedArrayBuffer)) {
      throw new UsageError(`input ${name} is not on a SharedArrayBuffer: use a Matrix, or transport "copy"`);
    }
    if (isMatrixLike(value)) values[name] = { kind: "matrix", rows: value.rows, cols: value.cols, data: value.data };
    else if (isTypedData(value)) values[name] = { kind: "array", data: value };
    else if (value === null || ["number", "string", "boolean"].includes(typeof value)) {
      values[name] = { kind: "scalar", value: value as number | string | boolean | null };
    } else {
      throw new UsageError(`input ${name} must be a matrix, a typed array, a number, a string or a boolean`);
    }
  }
  return values;
}

/**
 * Which inputs come back under copy transport, and which span each iteration owns:
 * iteration i owns row i of an output matrix, element i of an output array.
 * Default: every Float64 matrix and array.
 */
export function outputSpans(values: Record<string, InputValue>, outputs: readonly string[] | undefined): OutputSpan[] {
  const names =
    outputs ??
    Object.keys(values).filter((n) => {
      const value = values[n]!;
      return (value.kind === "matrix" || value.kind === "array") && value.data instanceof Float64Array;
    });
  return names.map((name) => {
    const value = values[name];
    if (!value || (value.kind !== "matrix" && value.kind !== "array") || !(value.data instanceof Float64Array)) {
      throw new UsageError(`output ${name} must be one of the inputs, a matrix or a Float64Array`);
    }
    return { name, stride: value.kind === "matrix" ? value.cols : 1 };
  });
}
