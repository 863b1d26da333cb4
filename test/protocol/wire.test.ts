import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createChild, createHeader, createSigner, decode, DELIMITER, encode, ProtocolError, SignatureError, type Message } from "../../src/protocol";

/** Frames jupyter_client's Session.serialize produced (key "secret-key"), so decoding is checked against the reference client. */
const fromJupyterClient = [
  "client-id",
  "<IDS|MSG>",
  "69707b1c8752c8a96a69d66dd773fb4202f4189fc2b1f1a1566a5ccd3ddedbae",
  '{"msg_id": "id-1", "msg_type": "execute_request", "username": "alice", "session": "sess-1", "date": "2026-01-01T00:00:00.000000Z", "version": "5.3"}',
  "{}",
  "{}",
  '{"code": "1+1", "silent": false}',
].map((s) => Buffer.from(s));

const signer = createSigner("secret-key");

describe("wire (de)serialisation", () => {
  it("decodes a message signed by jupyter_client", () => {
    const message = decode(fromJupyterClient, signer);
    assert.deepEqual(message.identities, [Buffer.from("client-id")]);
    assert.equal(message.header.msg_type, "execute_request");
    assert.equal(message.header.session, "sess-1");
    assert.deepEqual(message.parent_header, {});
    assert.deepEqual(message.content, { code: "1+1", silent: false });
    assert.deepEqual(message.buffers, []);
  });

  it("round-trips identities, headers, metadata, content and buffers", () => {
    const request = decode(fromJupyterClient, signer);
    const reply: Message = {
      ...createChild(request, "execute_reply", { status: "ok", execution_count: 1 }, { session: "kernel-session", username: "kernel" }, { started: "now" }),
      buffers: [Buffer.from([0, 1, 2, 255])],
    };
    const frames = encode(reply, signer);
    assert.ok(frames[1]!.equals(DELIMITER), "identities come first, then the delimiter");
    const back = decode(frames, signer);
    assert.deepEqual(back, reply);
    assert.equal(back.parent_header && "msg_id" in back.parent_header ? back.parent_header.msg_id : undefined, "id-1");
  });

  it("rejects a message whose content was changed after signing, before parsing it", () => {
    const forged = [...fromJupyterClient.slice(0, 6), Buffer.from('{"code": "require(\'fs\').rmSync(\'/\')"}')];
    assert.throws(() => decode(forged, signer), SignatureError);
    // Signature checked first: even a frame that is not JSON is reported as a bad signature, not parsed.
    const garbage = [...fromJupyterClient.slice(0, 6), Buffer.from("{not json")];
    assert.throws(() => decode(garbage, signer), SignatureError);
  });

  it("names what is wrong with a malformed message", () => {
    const unsigned = createSigner("");
    const frame = (parts: string[]) => [DELIMITER, Buffer.from(""), ...parts.map((p) => Buffer.from(p))];
    assert.throws(() => decode([Buffer.from("x")], unsigned), /no <IDS\|MSG> delimiter/);
    assert.throws(() => decode(frame(["{}", "{}"]), unsigned), /expected at least 5/);
    assert.throws(() => decode(frame(["{oops", "{}", "{}", "{}"]), unsigned), /header is not valid JSON/);
    const header = JSON.stringify({ ...createHeader("execute_request", { session: "s", username: "u" }), msg_type: undefined });
    assert.throws(() => decode(frame([header, "{}", "{}", "{}"]), unsigned), (e: Error) => e instanceof ProtocolError && /missing "msg_type"/.test(e.message));
    const good = JSON.stringify(createHeader("execute_request", { session: "s", username: "u" }));
    assert.throws(() => decode(frame([good, "{}", "{}", "[]"]), unsigned), /content must be a JSON object/);
    assert.throws(() => decode(frame([good, '{"msg_id": "p"}', "{}", "{}"]), unsigned), /parent_header is missing "msg_type"/);
    assert.throws(() => decode(frame(['{"msg_id": "m", "msg_type": "t", "session": 7}', "{}", "{}", "{}"]), unsigned), /header\.session must be a string/);
  });

  it("accepts a header with only msg_id and msg_type, as ipykernel does", () => {
    const unsigned = createSigner("");
    const bare = '{"msg_id": "m-1", "msg_type": "kernel_info_request"}';
    const message = decode([DELIMITER, Buffer.from(""), ...[bare, "{}", "{}", "{}"].map((p) => Buffer.from(p))], unsigned);
    assert.deepEqual(message.header, { msg_id: "m-1", msg_type: "kernel_info_request" });
  });

  it("builds headers with a fresh id, protocol 5.3 and an ISO date", () => {
    const a = createHeader("status", { session: "s", username: "kernel" });
    const b = createHeader("status", { session: "s", username: "kernel" });
    assert.notEqual(a.msg_id, b.msg_id);
    assert.equal(a.version, "5.3");
    assert.ok(!Number.isNaN(Date.parse(a.date)));
  });
});
