import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { endpointFor, optionalField, parseConnectionInfo, ProtocolError, requireField } from "../../src/protocol";

describe("content validation", () => {
  it("returns present fields and names missing or mistyped ones", () => {
    const content = { code: "1", cursor_pos: 1, silent: "yes" };
    assert.equal(requireField(content, "code", "string", "complete_request"), "1");
    assert.throws(() => requireField({}, "code", "string", "execute_request"), { name: "ProtocolError", message: 'execute_request content is missing "code"' });
    assert.throws(() => requireField(content, "code", "number", "x"), /x content\.code must be a number/);
    assert.throws(() => optionalField(content, "silent", "boolean", "execute_request", false), /content\.silent must be a boolean/);
    assert.equal(optionalField(content, "store_history", "boolean", "execute_request", true), true);
    assert.equal(optionalField({ n: null }, "n", "number", "history_request", 5), 5);
  });
});

describe("connection file", () => {
  const valid = { transport: "tcp", ip: "127.0.0.1", key: "k", signature_scheme: "hmac-sha256", shell_port: 5001, control_port: 5002, iopub_port: 5003, stdin_port: 5004, hb_port: 5005 };

  it("parses a connection file and gives each channel's endpoint", () => {
    const info = parseConnectionInfo(JSON.stringify(valid));
    assert.equal(endpointFor(info, "shell_port"), "tcp://127.0.0.1:5001");
    assert.equal(endpointFor(info, "hb_port"), "tcp://127.0.0.1:5005");
    const ipc = parseConnectionInfo(JSON.stringify({ ...valid, transport: "ipc", ip: "/tmp/kernel" }));
    assert.equal(endpointFor(ipc, "iopub_port"), "ipc:///tmp/kernel-5003");
  });

  it("names the field that is missing or wrong", () => {
    const { iopub_port: _, ...noIopub } = valid;
    assert.throws(() => parseConnectionInfo(JSON.stringify(noIopub)), /"iopub_port" must be a port number/);
    assert.throws(() => parseConnectionInfo(JSON.stringify({ ...valid, ip: "" })), /missing "ip"/);
    assert.throws(() => parseConnectionInfo(JSON.stringify({ ...valid, transport: "udp" })), /"transport" must be "tcp" or "ipc"/);
    assert.throws(() => parseConnectionInfo("{"), ProtocolError);
  });
});
