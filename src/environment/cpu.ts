import { existsSync, readFileSync } from "node:fs";
import os from "node:os";

/**
 * SIMD extensions that decide how fast a matmul kernel can be, widest first. The names are
 * the Linux /proc/cpuinfo flags: avx512f/avx2/fma/sse4_2 on x86-64, asimd (NEON) on arm64.
 */
export const simdFlagsOfInterest = ["avx512f", "avx2", "fma", "sse4_2", "asimd"] as const;

export interface CpuFacts {
  /** The processor's marketing name, e.g. "AMD EPYC 7B13"; "unknown" when no source names it. */
  model: string;
  /** The extensions of {@link simdFlagsOfInterest} this processor has; empty when not known. */
  simd: string[];
}

/** /proc/cpuinfo's text, or "" where there is none (macOS, Windows). */
function readCpuinfo(path: string): string {
  try {
    return existsSync(path) ? readFileSync(path, "utf8") : "";
  } catch {
    return "";
  }
}

/**
 * Reads the CPU's model and SIMD flags from /proc/cpuinfo (x86 spells the flags line
 * `flags`, arm64 `Features`), falling back to os.cpus() for the model elsewhere.
 */
export function cpuFacts(cpuinfoPath = "/proc/cpuinfo"): CpuFacts {
  const cpuinfo = readCpuinfo(cpuinfoPath);
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() || os.cpus()[0]?.model?.trim() || "unknown";
  const flagsLine = /^(?:flags|Features)\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? "";
  const flags = new Set(flagsLine.split(/\s+/));
  return { model, simd: simdFlagsOfInterest.filter((flag) => flags.has(flag)) };
}
