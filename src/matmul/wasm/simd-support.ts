/**
 * The smallest module using a SIMD instruction: `(func (result v128) v128.const i64x2 0 0)`.
 * `WebAssembly.validate` accepts it exactly when the engine implements fixed-width SIMD
 * (V8 since 9.1 / Node 16.4), so the SIMD build is chosen only where it can load.
 */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, // code: no locals, v128.const
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0x0b, // end
]);

export function wasmSimdSupported(): boolean {
  return WebAssembly.validate(SIMD_PROBE);
}
