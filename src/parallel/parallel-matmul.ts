import { Matrix, kernelByName, validateProduct, type KernelName, type MatrixData } from "../matmul";
import type { InputValue } from "./job";
import type { RunOptions } from "./options";
import "./register-bodies";
import { runPlan } from "./run";
import { applySettings } from "./settings";
import { inputOptionsFor, withTraceOption, type TraceOption } from "./options";
import type { RunTrace } from "./trace";

export interface ParallelMatmulOptions extends RunOptions {
  /** Defaults to "blocked", like `matmul`. */
  kernel?: KernelName;
  /**
   * Write into this matrix (rows(A)×cols(B)) instead of allocating C, as `matmul`'s
   * `out` does: a loop of products then pays no allocation and no first touch of C
   * (~22 ms of page faults at n = 1000 on this VM, serial or split among workers).
   */
  out?: Matrix;
}

function matrixInput(m: MatrixData): InputValue {
  return { kind: "matrix", rows: m.rows, cols: m.cols, data: m.data };
}

export function parallelMatmul(a: MatrixData, b: MatrixData, options: ParallelMatmulOptions & { trace: true | "timeline" }): Promise<{ result: Matrix; trace: RunTrace }>;
export function parallelMatmul(a: MatrixData, b: MatrixData, options?: ParallelMatmulOptions): Promise<Matrix>;
/**
 * C = A·B on the pool with the chosen kernel, grain, dispatch and transport (inline
 * and serial when parallel mode is off or `inline` is set), into a new matrix or
 * `out`. Input is validated, and C's size checked against the memory limit, before
 * anything runs. The kernel's preparation is allocated on this thread inside the
 * timed run (part of the serial fraction), written by the workers as they start (Bᵀ,
 * wasm's packed B: src/matmul/shared-work.ts), and disposed, kept for reuse, when the
 * run ends. Under copy transport A, B and C are copied per task; prepared data stays
 * shared. With `trace: true` it resolves to `{ result, trace }` (`trace: "timeline"`:
 * the trace also holds the task timeline); `lastTrace()`
 * returns the trace either way.
 */
export async function parallelMatmul(
  a: MatrixData,
  b: MatrixData,
  callOptions: ParallelMatmulOptions & { trace?: TraceOption } = {},
): Promise<Matrix | { result: Matrix; trace: RunTrace }> {
  const options = applySettings(withTraceOption(callOptions));
  validateProduct(a, b, options.out);
  const kernel = kernelByName(options.kernel ?? "blocked");
  const { grain, transport } = inputOptionsFor(options);
  let c: Matrix | undefined;
  let prepared: unknown;
  const plan = {
    label: `matmul:${kernel.name}`,
    grain,
    build: (unit: "row" | "element") => {
      c = options.out ?? Matrix.zeros(a.rows, b.cols);
      prepared = kernel.prepare(a, b);
      return {
        body: { kind: "named", name: "matmul" } as const,
        inputs: {
          a: matrixInput(a),
          b: matrixInput(b),
          c: matrixInput(c),
          kernel: { kind: "scalar", value: kernel.name },
          prepared: { kind: "data", value: prepared },
        } satisfies Record<string, InputValue>,
        unit,
        start: 0,
        end: unit === "element" ? a.rows * b.cols : a.rows,
        outputs: [{ name: "c", stride: unit === "element" ? 1 : b.cols }],
      };
    },
  };
  let trace: RunTrace;
  try {
    trace = await runPlan(plan, { ...options, transport });
  } finally {
    // runPlan settles only once no thread runs the product any more (supervise
    // terminates stragglers), so the preparation can go back for the next product:
    // a fresh Bᵀ or packed B costs ~22 ms of page faults at n = 1000, which reuse
    // removes. Worker threads drop their cached state for it when they meet the
    // next product.
    if (prepared !== undefined) kernel.dispose?.(prepared);
  }
  const result = c!;
  return options.trace ? { result, trace } : result;
}
