import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createSigner, ProtocolError } from "../../src/protocol";

const frames = ['{"msg_id": "id-1"}', "{}", "{}", '{"code": "1+1"}'].map((s) => Buffer.from(s));

describe("HMAC signing", () => {
  it("matches the digest Python's hmac computes for the same key and frames", () => {
    // python3 -c "import hmac,hashlib; h=hmac.new(b'k', digestmod=hashlib.sha256); [h.update(f) for f in frames]; print(h.hexdigest())"
    const signer = createSigner("k", "hmac-sha256");
    assert.equal(signer.sign(frames), "184577b7dfd63a54dd330fdb54b8fc7ca942498aadfe53b58419dd41ba1af12f");
  });

  it("verifies its own signature and rejects a changed frame, another key, or a truncated signature", () => {
    const signer = createSigner("secret");
    const signature = signer.sign(frames);
    assert.equal(signer.verify(frames, signature), true);
    const tampered = [...frames.slice(0, 3), Buffer.from('{"code": "2+2"}')];
    assert.equal(signer.verify(tampered, signature), false);
    assert.equal(createSigner("other").verify(frames, signature), false);
    assert.equal(signer.verify(frames, signature.slice(0, -2)), false);
    assert.equal(signer.verify(frames, ""), false);
  });

  it("signs nothing and accepts everything when the key is empty, as the spec says", () => {
    const signer = createSigner("");
    assert.equal(signer.sign(frames), "");
    assert.equal(signer.verify(frames, "anything"), true);
  });

  it("supports other hmac hashes and refuses unknown schemes", () => {
    assert.equal(createSigner("k", "hmac-sha512").sign(frames).length, 128);
    assert.throws(() => createSigner("k", "rsa-sha256"), ProtocolError);
    assert.throws(() => createSigner("k", "hmac-nosuchhash"));
  });
});
