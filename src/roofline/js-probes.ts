import { COPY_BYTES, type ProbeRunner } from "./probe";

/** Independent accumulators: V8 keeps 12 doubles in xmm registers, enough to hide mulsd + addsd latency. */
const JS_CHAINS = 12;

/**
 * acc = acc·m + a on JS_CHAINS numbers, in plain JavaScript: V8 emits one mulsd and one
 * addsd per update (JavaScript rounds after each operation, so it may not fuse them).
 * Chain k starts at k + 0.5, not at the integer k: accumulators that start as small
 * integers ran at less than half the rate here (4 against 9 GFLOP/s of CPU time), as
 * V8 carried them in a representation it had to convert. With m = 1 and a = 1 the sum
 * of all ends at 72 + 12·iterations, exactly.
 */
function scalarMaddChains(iterations: number, m: number, a: number): number {
  let c0 = 0.5, c1 = 1.5, c2 = 2.5, c3 = 3.5, c4 = 4.5, c5 = 5.5, c6 = 6.5, c7 = 7.5, c8 = 8.5, c9 = 9.5, c10 = 10.5, c11 = 11.5;
  for (let i = 0; i < iterations; i++) {
    c0 = c0 * m + a; c1 = c1 * m + a; c2 = c2 * m + a; c3 = c3 * m + a;
    c4 = c4 * m + a; c5 = c5 * m + a; c6 = c6 * m + a; c7 = c7 * m + a;
    c8 = c8 * m + a; c9 = c9 * m + a; c10 = c10 * m + a; c11 = c11 * m + a;
  }
  return c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
}

export function jsScalarProbe(): ProbeRunner {
  return {
    run: (iterations) => scalarMaddChains(iterations, 1, 1),
    expected: (iterations) => (JS_CHAINS * JS_CHAINS) / 2 + JS_CHAINS * iterations,
    amount: (iterations) => 2 * JS_CHAINS * iterations,
  };
}

/**
 * Float64Array.prototype.set between two distinct arrays of COPY_BYTES: V8 hands it to
 * the C library's memmove, what any bulk copy from Node costs. A unit is one copy, counted
 * as the bytes read plus the bytes written (2 × COPY_BYTES), the STREAM convention.
 * The arrays swap roles each pass and both hold ones, so the sum of one element per
 * pass checks that the copies ran without reading the whole array back.
 */
export function memoryCopyProbe(bytes = COPY_BYTES): ProbeRunner {
  const a = new Float64Array(bytes / 8).fill(1);
  const b = new Float64Array(bytes / 8).fill(1);
  let stamp = 0;
  return {
    run: (passes) => {
      let check = 0;
      for (let p = 0; p < passes; p++) {
        const [from, to] = p % 2 === 0 ? [a, b] : [b, a];
        from[from.length - 1] = ++stamp;
        to.set(from);
        check += to[to.length - 1] === stamp ? 1 : 0;
        from[from.length - 1] = 1;
        to[to.length - 1] = 1;
      }
      return check;
    },
    expected: (passes) => passes,
    amount: (passes) => 2 * passes * bytes,
  };
}
