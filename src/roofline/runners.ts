import { jsScalarProbe, memoryCopyProbe } from "./js-probes";
import type { ProbeName, ProbeRunner } from "./probe";
import { wasmMaddProbe, wasmStreamReadProbe } from "./wasm-probes";

/** A fresh runner for `probe` on the calling thread (its own wasm instance and buffers). */
export function createProbeRunner(probe: ProbeName): ProbeRunner {
  switch (probe) {
    case "wasm-fma":
      return wasmMaddProbe("relaxed");
    case "wasm-simd":
      return wasmMaddProbe("simd");
    case "js-scalar":
      return jsScalarProbe();
    case "memory-read":
      return wasmStreamReadProbe();
    case "memory-copy":
      return memoryCopyProbe();
  }
}
