// Ceiling probes: how fast this engine's WebAssembly can multiply-add and stream memory.
// Built twice by scripts/build-wasm.js, like the gemm kernels: with relaxed SIMD
// (ceiling-relaxed.wasm, f64x2.relaxed_madd = one FMA) and with plain SIMD
// (ceiling-simd.wasm, f64x2.mul then f64x2.add). Driven by src/roofline/wasm-probes.ts.

/** Independent v128 chains in maddChains: enough to hide FMA latency, few enough not to spill. */
export const CHAINS: i32 = 12;

/** acc·m + a: one fused multiply-add in the relaxed build, a multiply then an add in the plain one. */
// @ts-ignore: decorator
@inline
function madd(acc: v128, m: v128, a: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(acc, m, a);
  return f64x2.add(f64x2.mul(acc, m), a);
}

/**
 * Runs `iterations` rounds of acc = acc·m + a on CHAINS f64x2 accumulators held in
 * registers (12 chains + m + a = 14 of the 16 xmm registers V8 allocates on x64), so
 * nothing but the multiply-add units bounds it: Zen 4/5 issue two 128-bit FMAs per
 * cycle with a 4-cycle latency, which 8 chains already cover. 4 flop per chain per
 * iteration. Chain k starts at k and m, a come in as arguments, so neither Binaryen
 * nor V8 can fold or merge the chains; with m = 1 every lane ends at k + iterations·a
 * exactly, and the returned sum of all lanes, 132 + 24·iterations·a, proves the work ran.
 */
export function maddChains(iterations: i32, m: f64, a: f64): f64 {
  const mv = f64x2.splat(m);
  const av = f64x2.splat(a);
  let c0 = f64x2.splat(0), c1 = f64x2.splat(1), c2 = f64x2.splat(2), c3 = f64x2.splat(3);
  let c4 = f64x2.splat(4), c5 = f64x2.splat(5), c6 = f64x2.splat(6), c7 = f64x2.splat(7);
  let c8 = f64x2.splat(8), c9 = f64x2.splat(9), c10 = f64x2.splat(10), c11 = f64x2.splat(11);
  for (let i = 0; i < iterations; i++) {
    c0 = madd(c0, mv, av); c1 = madd(c1, mv, av); c2 = madd(c2, mv, av); c3 = madd(c3, mv, av);
    c4 = madd(c4, mv, av); c5 = madd(c5, mv, av); c6 = madd(c6, mv, av); c7 = madd(c7, mv, av);
    c8 = madd(c8, mv, av); c9 = madd(c9, mv, av); c10 = madd(c10, mv, av); c11 = madd(c11, mv, av);
  }
  let s = f64x2.add(f64x2.add(f64x2.add(c0, c1), f64x2.add(c2, c3)), f64x2.add(f64x2.add(c4, c5), f64x2.add(c6, c7)));
  s = f64x2.add(s, f64x2.add(f64x2.add(c8, c9), f64x2.add(c10, c11)));
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/**
 * Sum of the float64 values in [start, start + bytes): a streaming read, one 64-byte
 * cache line per iteration into four independent f64x2 accumulators so the adds never
 * wait for each other and memory is the only limit. `bytes` is a multiple of 64.
 */
export function sumStream(start: usize, bytes: usize): f64 {
  let s0 = f64x2.splat(0), s1 = s0, s2 = s0, s3 = s0;
  const end = start + bytes;
  for (let p = start; p < end; p += 64) {
    s0 = f64x2.add(s0, v128.load(p));
    s1 = f64x2.add(s1, v128.load(p, 16));
    s2 = f64x2.add(s2, v128.load(p, 32));
    s3 = f64x2.add(s3, v128.load(p, 48));
  }
  const s = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}
