import { readBuiltWasm } from "../shared/built-wasm";
import { type ProbeRunner, STREAM_BYTES } from "./probe";

/** relaxed: f64x2.relaxed_madd (FMA); simd: f64x2.mul then f64x2.add. */
export type ProbeBuild = "relaxed" | "simd";

interface CeilingExports {
  readonly CHAINS: WebAssembly.Global;
  maddChains(iterations: number, m: number, a: number): number;
  sumStream(start: number, bytes: number): number;
}

function readBuild(build: ProbeBuild): Uint8Array<ArrayBuffer> {
  return readBuiltWasm(`ceiling-${build}`, "the ceiling probes are");
}

/** Whether this engine runs the build: the relaxed one needs relaxed SIMD (Node 22, or 20 with --experimental-wasm-relaxed-simd). */
export function probeBuildSupported(build: ProbeBuild): boolean {
  return WebAssembly.validate(readBuild(build));
}

function instantiate(build: ProbeBuild, pages: number): { exports: CeilingExports; memory: WebAssembly.Memory } {
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readBuild(build)), { env: { memory } });
  return { exports: instance.exports as unknown as CeilingExports, memory };
}

/** f64x2 lanes per v128 × flop per multiply-add. */
const FLOP_PER_CHAIN_ITERATION = 4;

/** Register-only multiply-add chains (assembly/ceiling-probes.ts maddChains), m = 1 and a = 1. */
export function wasmMaddProbe(build: ProbeBuild): ProbeRunner {
  const { exports } = instantiate(build, 1);
  const chains = exports.CHAINS.value as number;
  // Chain k starts at k in both lanes: the lanes sum to 2·(0 + … + chains−1) before the first iteration.
  const startSum = chains * (chains - 1);
  return {
    run: (iterations) => exports.maddChains(iterations, 1, 1),
    expected: (iterations) => startSum + 2 * chains * iterations,
    amount: (iterations) => FLOP_PER_CHAIN_ITERATION * chains * iterations,
  };
}

/** A streaming read (sumStream) of STREAM_BYTES of float64 ones in wasm memory; a unit is one pass. */
export function wasmStreamReadProbe(bytes = STREAM_BYTES): ProbeRunner {
  const pages = Math.ceil(bytes / 65536);
  const { exports, memory } = instantiate("simd", pages);
  new Float64Array(memory.buffer, 0, bytes / 8).fill(1);
  return {
    run: (passes) => {
      let sum = 0;
      for (let p = 0; p < passes; p++) sum += exports.sumStream(0, bytes);
      return sum;
    },
    expected: (passes) => (passes * bytes) / 8,
    amount: (passes) => passes * bytes,
  };
}
