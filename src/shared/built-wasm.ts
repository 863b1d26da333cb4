import * as fs from "node:fs";
import * as path from "node:path";

/** Where scripts/build-wasm.js writes the binaries: dist/wasm, next to dist/src. */
const WASM_DIR = path.resolve(__dirname, "..", "..", "wasm");

/**
 * The bytes of a binary `npm run build:wasm` wrote (`name` without `.wasm`); `what` names
 * it in the error that says how to build it when it is missing.
 */
export function readBuiltWasm(name: string, what: string): Uint8Array<ArrayBuffer> {
  const file = path.join(WASM_DIR, `${name}.wasm`);
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch (cause) {
    throw new Error(`${what} not built (${file} missing): run \`npm run build:wasm\``, { cause });
  }
}
