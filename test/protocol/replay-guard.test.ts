import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createHeader, createSigner, decode, DELIMITER, encode, ReplayError, ReplayGuard, type Message } from "../../src/protocol";

describe("replay guard", () => {
  it("admits a signature once, and again only after `capacity` newer ones pushed it out", () => {
    const guard = new ReplayGuard(3);
    assert.equal(guard.admit("s1"), true);
    assert.equal(guard.admit("s1"), false);
    for (const s of ["s2", "s3"]) assert.equal(guard.admit(s), true);
    assert.equal(guard.admit("s1"), false, "still among the last 3");
    assert.equal(guard.admit("s4"), true);
    assert.equal(guard.admit("s1"), true, "forgotten, oldest first");
    assert.equal(guard.admit("s3"), false);
  });

  it("always admits the empty signature of unsigned messages", () => {
    const guard = new ReplayGuard(2);
    assert.equal(guard.admit(""), true);
    assert.equal(guard.admit(""), true);
  });

  it("refuses a bad capacity", () => {
    assert.throws(() => new ReplayGuard(0), RangeError);
  });

  it("makes decode refuse a copy of a signed message, and only the copy", () => {
    const signer = createSigner("key");
    const guard = new ReplayGuard();
    const message = (): Message => ({ identities: [], header: createHeader("execute_request", { session: "s", username: "u" }), parent_header: {}, metadata: {}, content: { code: "1" }, buffers: [] });
    const frames = encode(message(), signer);
    assert.equal(decode(frames, signer, guard).content.code, "1");
    assert.throws(() => decode(frames, signer, guard), ReplayError);
    assert.equal(decode(encode(message(), signer), signer, guard).content.code, "1", "a new message with the same content is not a replay");
    assert.ok(frames.some((f) => f.equals(DELIMITER)));
  });
});
