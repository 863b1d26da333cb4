// Packing of A and B into the layouts gemmBlock reads (see gemm-fma.ts), exported by
// every matmul build. The TypeScript side first copies whole rows into wasm memory,
// one block copy per row range (TypedArray.set, a memcpy; rows of a row-major matrix
// are contiguous); these loops then reorder them, B's with 16-byte moves. Packing element by element from TypeScript took 3.8 ms for
// B and 2.1 ms for A at n = 1000 (6% of the product on one thread).

/** Copies `count` doubles from src to dst: 16 bytes at a time where the build has SIMD. */
// @ts-ignore: decorator
@inline
function copyDoubles(dst: usize, src: usize, count: i32): void {
  let c = 0;
  if (ASC_FEATURE_SIMD) {
    for (; c + 2 <= count; c += 2) v128.store(dst + <usize>(c * 8), v128.load(src + <usize>(c * 8)));
  }
  for (; c < count; c++) store<f64>(dst + <usize>(c * 8), load<f64>(src + <usize>(c * 8)));
}

/**
 * Packs `rows` consecutive rows of B (n doubles each, row-major at `src`) into the NR-wide
 * panels of one KC-deep packed block: the value of row r, column j goes to
 * dst + ((j / nr)·kc·nr + r·nr + j % nr)·8, where dst is the address of the block's row
 * these rows start at (within every panel). The last panel's missing columns are zeros.
 */
export function packBRows(src: usize, rows: i32, n: i32, dst: usize, nr: i32, kc: i32): void {
  // Panel by panel, so the writes run on sequentially; row by row, each row's write lands
  // in another panel, 12 KiB on, and every one of them missed the L1 TLB: 1.5 ms at n = 1000.
  const panelBytes = <usize>(kc * nr * 8);
  const rowBytes = <usize>(n * 8);
  const runBytes = <usize>(nr * 8);
  const panels = (n + nr - 1) / nr;
  for (let jp = 0; jp < panels; jp++) {
    const width = min(nr, n - jp * nr);
    let from = src + <usize>(jp * nr * 8);
    let to = dst + <usize>jp * panelBytes;
    for (let r = 0; r < rows; r++) {
      copyDoubles(to, from, width);
      for (let c = width; c < nr; c++) store<f64>(to + <usize>(c * 8), 0);
      from += rowBytes;
      to += runBytes;
    }
  }
}

/**
 * Packs an mc×kc block of A (row-major at `src`, `rowStride` doubles from one row to the
 * next) into MR-row strips: within a strip, for each p, the mr values A[i..i+mr, p]. The
 * last strip's missing rows are zeros. Returns mc rounded up to mr.
 */
export function packAStrips(src: usize, mc: i32, kc: i32, rowStride: i32, dst: usize, mr: i32): i32 {
  const rowBytes = <usize>(rowStride * 8);
  for (let s = 0; s < mc; s += mr) {
    const rows = min(mr, mc - s);
    let from = src + <usize>s * rowBytes;
    for (let p = 0; p < kc; p++) {
      let r = 0;
      for (; r < rows; r++) store<f64>(dst + <usize>(r * 8), load<f64>(from + <usize>r * rowBytes));
      for (; r < mr; r++) store<f64>(dst + <usize>(r * 8), 0);
      dst += <usize>(mr * 8);
      from += 8;
    }
  }
  return (mc + mr - 1) / mr * mr;
}
