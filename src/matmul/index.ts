/** Matrices on shared memory and the matmul kernels (pure; used inline and in workers). */
export { Matrix, type RandOptions } from "./matrix";
export type { MatrixData, MatrixView } from "./view";
export { MatrixInputError } from "./errors";
export { setMemoryLimit, getMemoryLimit, assertAllocationFits } from "./memory-limit";
export { assertMultipliable, checkedMatrixBytes } from "./shape";
export { clearMatmulCaches, matmulCacheBytes } from "./reuse-pool";
export { KERNEL_NAMES, type ElementRange, type KernelName, type MatmulKernel } from "./kernel";
export { CACHE_BYTES, type KernelTraffic } from "./traffic";
export { kernels, kernelByName, isKernelName, elementBodyOf } from "./registry";
export { matmul, multiplyWith, allocateProduct, assertMatrixData, validateProduct, type MatmulOptions } from "./matmul";
export { createWasmKernel, type WasmKernel, type WasmPrepared } from "./kernels/wasm";
export type { DotPrepared } from "./kernels/dot";
export type { MathJsPrepared } from "./kernels/mathjs";
export { wasmSimdSupported } from "./wasm/simd-support";
export { type WasmVariant, variantSupported } from "./wasm/module-cache";
