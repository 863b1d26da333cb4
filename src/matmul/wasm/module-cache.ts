import { readBuiltWasm } from "../../shared/built-wasm";
import { wasmSimdSupported } from "./simd-support";

/** relaxed: f64x2 with fused multiply-add (relaxed SIMD); simd: f64x2; scalar: f64. */
export type WasmVariant = "relaxed" | "simd" | "scalar";

const compiled = new Map<WasmVariant, WebAssembly.Module>();

function readBuild(variant: WasmVariant): Uint8Array<ArrayBuffer> {
  return readBuiltWasm(`matmul-${variant}`, "the wasm kernel is");
}

/** Whether this engine can run a variant's build (the relaxed one needs relaxed SIMD). */
export function variantSupported(variant: WasmVariant): boolean {
  if (variant === "scalar") return true;
  if (!wasmSimdSupported()) return false;
  if (variant === "simd") return true;
  try {
    return WebAssembly.validate(readBuild(variant));
  } catch {
    return false;
  }
}

/** The best variant this engine runs: relaxed (FMA), else SIMD, else scalar. */
export function preferredVariant(): WasmVariant {
  if (variantSupported("relaxed")) return "relaxed";
  return variantSupported("simd") ? "simd" : "scalar";
}

/**
 * The compiled module for a variant, compiled once per thread. Synchronous compilation
 * keeps `matmul` synchronous; Node has no main-thread size limit on it (browsers do).
 */
export function wasmModule(variant: WasmVariant): WebAssembly.Module {
  let module = compiled.get(variant);
  if (module === undefined) {
    module = new WebAssembly.Module(readBuild(variant));
    compiled.set(variant, module);
  }
  return module;
}

/** What gemm-simd.ts / gemm-scalar.ts export. */
export interface GemmExports {
  readonly MR: WebAssembly.Global;
  readonly NR: WebAssembly.Global;
  gemmBlock(
    aPacked: number, bPacked: number, c: number, mc: number, panels: number, kc: number,
    panelStride: number, cStride: number, first: number,
  ): void;
  /** assembly/pack.ts: B's rows into packed panels. */
  packBRows(src: number, rows: number, n: number, dst: number, nr: number, kc: number): void;
  /** assembly/pack.ts: an A block into MR-row strips; returns mc rounded up to mr. */
  packAStrips(src: number, mc: number, kc: number, rowStride: number, dst: number, mr: number): number;
}

/** A new instance over `memory`; each thread makes its own, all share the memory. */
export function instantiate(variant: WasmVariant, memory: WebAssembly.Memory): GemmExports {
  const instance = new WebAssembly.Instance(wasmModule(variant), { env: { memory } });
  return instance.exports as unknown as GemmExports;
}
