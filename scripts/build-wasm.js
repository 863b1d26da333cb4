#!/usr/bin/env node
// Compiles the AssemblyScript matmul kernels (assembly/) into dist/wasm/ with the
// project's own assemblyscript dependency: relaxed-SIMD (FMA), SIMD and scalar builds.
// The matmul builds import a shared memory (env.memory) so that several worker threads
// can run their own instances over one packed copy of B (see src/matmul/wasm/). The
// ceiling probes (src/roofline/) import a private memory sized by each thread.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const outDir = path.join(root, "dist", "wasm");
const asc = path.join(root, "node_modules", "assemblyscript", "bin", "asc.js");

const optimized = ["--optimizeLevel", "3", "--shrinkLevel", "0", "--noAssert", "--runtime", "stub", "--importMemory"];
const sharedMemory = ["--sharedMemory", "--initialMemory", "1", "--maximumMemory", "65536", "--enable", "threads"];
const relaxed = ["--enable", "simd", "--enable", "relaxed-simd"];

const builds = [
  // Fused multiply-add where the engine has relaxed SIMD (Node >= 22, or 20 with
  // --experimental-wasm-relaxed-simd); chosen at run time by WebAssembly.validate.
  { source: "assembly/gemm-fma.ts", output: "matmul-relaxed.wasm", flags: [...sharedMemory, ...relaxed] },
  { source: "assembly/gemm-simd.ts", output: "matmul-simd.wasm", flags: [...sharedMemory, "--enable", "simd"] },
  { source: "assembly/gemm-scalar.ts", output: "matmul-scalar.wasm", flags: [...sharedMemory, "--disable", "simd"] },
  { source: "assembly/ceiling-probes.ts", output: "ceiling-relaxed.wasm", flags: relaxed },
  { source: "assembly/ceiling-probes.ts", output: "ceiling-simd.wasm", flags: ["--enable", "simd"] },
];

fs.mkdirSync(outDir, { recursive: true });
for (const build of builds) {
  const output = path.join(outDir, build.output);
  execFileSync(process.execPath, [asc, build.source, "-o", output, ...optimized, ...build.flags], {
    cwd: root,
    stdio: "inherit",
  });
  console.log(`built ${path.relative(root, output)} (${fs.statSync(output).size} bytes)`);
}
