/** What each ceiling probe measures, and the unit its rate is given in. */
export type ProbeName = "wasm-fma" | "wasm-simd" | "js-scalar" | "memory-read" | "memory-copy";

export const PROBE_NAMES: readonly ProbeName[] = ["wasm-fma", "wasm-simd", "js-scalar", "memory-read", "memory-copy"];

export type CeilingUnit = "GFLOP/s" | "GB/s";

/**
 * One probe as a thread runs it: `run(units)` does `units` repetitions of its work and
 * returns a value that depends on all of it (so no engine can skip the work), which
 * must equal `expected(units)`, the closed form; `amount(units)` is the flop or bytes done.
 */
export interface ProbeRunner {
  run(units: number): number;
  expected(units: number): number;
  amount(units: number): number;
}

export function isProbeName(value: unknown): value is ProbeName {
  return typeof value === "string" && (PROBE_NAMES as readonly string[]).includes(value);
}

/**
 * Bytes each thread streams through in the read probe: far past any L3 this code may
 * meet (32 MiB per Zen 4/5 CCD, up to 96 MiB with 3D V-Cache), so every pass comes from memory.
 */
export const STREAM_BYTES = 256 * 2 ** 20;

/** Bytes of each of the two arrays the copy probe moves between, for the same reason. */
export const COPY_BYTES = 128 * 2 ** 20;

const MIB = 2 ** 20;

export interface ProbeDescription {
  readonly label: string;
  readonly unit: CeilingUnit;
  /** How the probe measures, in a sentence a reader can check against the source. */
  readonly method: string;
}

export const PROBES: Readonly<Record<ProbeName, ProbeDescription>> = {
  "wasm-fma": {
    label: "WebAssembly SIMD f64x2 FMA (relaxed SIMD)",
    unit: "GFLOP/s",
    method: "12 independent f64x2 chains acc = relaxed_madd(acc, m, a) held in registers (assembly/ceiling-probes.ts, ceiling-relaxed.wasm); 4 flop per chain step",
  },
  "wasm-simd": {
    label: "WebAssembly SIMD f64x2 multiply + add",
    unit: "GFLOP/s",
    method: "12 independent f64x2 chains acc = add(mul(acc, m), a) held in registers (assembly/ceiling-probes.ts, ceiling-simd.wasm); 4 flop per chain step",
  },
  "js-scalar": {
    label: "JavaScript scalar multiply + add",
    unit: "GFLOP/s",
    method: "12 independent float64 chains acc = acc * m + a in a JavaScript loop (src/roofline/js-probes.ts); 2 flop per chain step",
  },
  "memory-read": {
    label: "memory streaming read",
    unit: "GB/s",
    method: `sum of a ${STREAM_BYTES / MIB} MiB array of float64 in WebAssembly memory, four f64x2 accumulators, one 64-byte line per step (sumStream); bytes read per second`,
  },
  "memory-copy": {
    label: "memory copy",
    unit: "GB/s",
    method: `Float64Array.prototype.set between two ${COPY_BYTES / MIB} MiB arrays (memmove); bytes read plus bytes written per second`,
  },
};
