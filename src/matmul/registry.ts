import { MatrixInputError } from "./errors";
import { KERNEL_NAMES, type ElementRange, type KernelName, type MatmulKernel } from "./kernel";
import { blockedKernel } from "./kernels/blocked";
import { dotKernel } from "./kernels/dot";
import { mathjsKernel } from "./kernels/mathjs";
import { naiveKernel } from "./kernels/naive";
import { sumKernel } from "./kernels/sum";
import { wasmKernel } from "./kernels/wasm";
import type { MatrixData } from "./view";

/** Every kernel by name. The same objects are used inline and inside workers. */
export const kernels: Readonly<Record<KernelName, MatmulKernel<any>>> = Object.freeze({
  naive: naiveKernel,
  sum: sumKernel,
  dot: dotKernel,
  blocked: blockedKernel,
  wasm: wasmKernel,
  mathjs: mathjsKernel,
});

export function isKernelName(name: unknown): name is KernelName {
  return typeof name === "string" && (KERNEL_NAMES as readonly string[]).includes(name);
}

/**
 * What computes a kernel's product element by element (the parallel runtime's `element`
 * grain): its own `elementBody`, else the naive kernel's inner product (kernel.ts).
 */
export function elementBodyOf<Prepared>(kernel: MatmulKernel<Prepared>, a: MatrixData, b: MatrixData, c: MatrixData, prepared: Prepared): ElementRange {
  return kernel.elementBody ? kernel.elementBody(a, b, c, prepared) : naiveKernel.elementBody(a, b, c);
}

/** The kernel called `name`, or a one-line error listing the valid names. */
export function kernelByName(name: unknown): MatmulKernel<any> {
  if (!isKernelName(name)) {
    throw new MatrixInputError(`unknown matmul kernel ${JSON.stringify(name)}; expected one of ${KERNEL_NAMES.join(", ")}`);
  }
  return kernels[name];
}

