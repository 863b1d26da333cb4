/**
 * A seeded uniform generator on [0, 1) with 53 random bits per value, like
 * `np.random.rand` (the values differ from numpy's Mersenne Twister; the contract is
 * "same seed, same matrix"). sfc32 (Chris Doty-Humphrey's Small Fast Counting
 * generator, PractRand-clean) is seeded through splitmix32 so that nearby seeds give
 * unrelated streams.
 */
export type UniformSource = () => number;

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function sfc32(seed: number): () => number {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let counter = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + counter) | 0;
    counter = (counter + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32's state mixes in after a few rounds.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** Returns a generator of doubles in [0, 1) fully determined by `seed` (any finite number). */
export function uniformSource(seed: number): UniformSource {
  // Fold the seed's float bits so that 1, 1.5 and 2**40 are all distinct seeds.
  const bits = new Float64Array([seed]);
  const words = new Uint32Array(bits.buffer);
  const folded = (words[0]! ^ Math.imul(words[1]!, 0x27d4eb2d)) >>> 0;
  const next32 = sfc32(folded);
  return () => {
    const high = next32() >>> 5; // 27 bits
    const low = next32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992; // 2^26, 2^53
  };
}
