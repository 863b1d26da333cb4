import type { KernelName, MatmulKernel } from "../matmul/kernel";
import { matmul } from "../matmul/matmul";
import { Matrix } from "../matmul/matrix";
import { kernels } from "../matmul/registry";
import type { WasmKernel } from "../matmul/kernels/wasm";
import { spreadOf } from "../timing/spread";
import type { ComputeProbe, RooflinePoint } from "./placement";

/** The fewest runs a point's median is taken over, as every figure the project shows. */
export const MIN_POINT_RUNS = 5;

/**
 * The compute ceiling a kernel's code can reach: the wasm probe of the build it runs
 * (FMA for relaxed SIMD, multiply + add for SIMD), scalar multiply + add for everything
 * written in TypeScript or JavaScript, and for the scalar wasm fallback.
 */
export function computeProbeOf(kernel: MatmulKernel<unknown>): ComputeProbe {
  if (kernel.name !== "wasm") return "js-scalar";
  const variant = (kernel as WasmKernel).variant;
  return variant === "relaxed" ? "wasm-fma" : variant === "simd" ? "wasm-simd" : "js-scalar";
}

function seconds(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * One kernel's run as a roofline point: one untimed product (V8 and wasm tier up), then
 * `runs` timed products of n×n on this thread, each its own GFLOP/s; the point sits at
 * the kernel's intensity for n (`traffic(n)`, its stated assumption).
 */
export function measureKernelPoint(name: KernelName, n: number, runs = MIN_POINT_RUNS): RooflinePoint {
  if (!Number.isInteger(runs) || runs < MIN_POINT_RUNS) throw new RangeError(`roofline: at least ${MIN_POINT_RUNS} runs per point, got ${runs}`);
  const kernel = kernels[name];
  const traffic = kernel.traffic(n);
  const a = Matrix.rand(n, n, { seed: 1 });
  const b = Matrix.rand(n, n, { seed: 2 });
  const out = Matrix.zeros(n, n);
  const product = () => void matmul(a, b, { kernel: name, out });
  product();
  const rates = Array.from({ length: runs }, () => traffic.flops / seconds(product) / 1e9);
  return { label: `${name} n=${n}`, gflops: spreadOf(rates), intensity: traffic.intensity, compute: computeProbeOf(kernel), threads: 1 };
}
