import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import type * as ts from "@tslab/typescript-for-tslab";
import { staticImportSpecifiers } from "../../src/execution/static-imports";

// The TypeScript build the converter itself uses.
const tslabRoot = path.dirname(require.resolve("tslab/package.json"));
const typescript = require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslabRoot] })) as typeof ts;

describe("static import specifiers of a cell", () => {
  it("lists what an ES module evaluates before its code: imports, side-effect imports and re-exports", () => {
    const cell = [
      'import { nanoid } from "nanoid";',
      'import "./setup.mjs";',
      'import * as fs from "node:fs";',
      'export { answer } from "settings-tla";',
      'import again from "nanoid";',
    ].join("\n");
    assert.deepEqual(staticImportSpecifiers(typescript, cell), ["nanoid", "./setup.mjs", "node:fs", "settings-tla"]);
  });

  it("leaves out type-only imports, dynamic import() and require()", () => {
    const cell = [
      'import type { Options } from "types-only";',
      'export type { Shape } from "shapes";',
      'const lazy = await import("lazy-tla");',
      'const old = require("legacy");',
      'if (lazy) { /* import "x" in a comment */ }',
    ].join("\n");
    assert.deepEqual(staticImportSpecifiers(typescript, cell), []);
  });
});
