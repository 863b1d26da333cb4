import type { ProbeRunner } from "./probe";

/** Independent accumulators: V8 keeps 12 doubles in xmm registers, enough to hide mulsd + addsd latency. */
const JS_CHAINS = 12;

/**
 * acc = acc·m + a on JS_CHAINS numbers, in plain JavaScript: V8 emits one mulsd and one
 * addsd per update (JavaScript rounds after each operation, so it may not fuse them).
 * Chain k starts at k; with m = 1 and a = 1 the sum of all ends at 66 + 12·iterations.
 */
function scalarMaddChains(iterations: number, m: number, a: number): number {
  let c0 = 0, c1 = 1, c2 = 2, c3 = 3, c4 = 4, c5 = 5, c6 = 6, c7 = 7, c8 = 8, c9 = 9, c10 = 10, c11 = 11;
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
    expected: (iterations) => (JS_CHAINS * (JS_CHAINS - 1)) / 2 + JS_CHAINS * iterations,
    amount: (iterations) => 2 * JS_CHAINS * iterations,
  };
}

/** Bytes of each of the two arrays the copy probe moves between: 4× a 32 MiB L3 and more. */
export const COPY_BYTES = 128 * 2 ** 20;

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
