import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeVlqSegment, LineMap } from "../../src/shared/source-map";

describe("source maps", () => {
  it("decodes base64 VLQ fields", () => {
    assert.deepEqual(decodeVlqSegment("AAAA"), [0, 0, 0, 0]);
    assert.deepEqual(decodeVlqSegment("CAAC"), [1, 0, 0, 1]);
    assert.deepEqual(decodeVlqSegment("D"), [-1]);
    assert.deepEqual(decodeVlqSegment("gB"), [16]);
    assert.throws(() => decodeVlqSegment("A!"), /invalid base64 VLQ digit/);
  });

  it("looks up the segment covering a position", () => {
    // Line 0: col 0 → (0,0), col 4 → (0,6). Line 1: col 2 → (2,2) (source columns are relative: 6 - 4).
    const map = new LineMap("AAAA,IAAM;EAEJ");
    assert.deepEqual(map.originalPosition({ line: 0, column: 0 }), { line: 0, column: 0 });
    assert.deepEqual(map.originalPosition({ line: 0, column: 9 }), { line: 0, column: 6 });
    assert.deepEqual(map.originalPosition({ line: 1, column: 0 }), { line: 2, column: 2 }, "indentation maps to the line's first segment");
    assert.equal(map.originalPosition({ line: 5, column: 0 }), undefined);
  });
});
