import { strict as assert } from "node:assert";
import { test } from "node:test";
import { createHeader, createSigner, decode, type Header, type Message } from "../../src/protocol";
import { encodeFrames, encodeParent, encodeStream, RecordParser } from "../../src/transport/iopub-records";
import { IopubRelay } from "../../src/transport/iopub-relay";
import { createSharedPipeMemory, PipeReader, PipeWriter } from "../../src/transport/shared-pipe";

const signer = createSigner("relay-key", "hmac-sha256");
const origin = { session: "kernel-session", username: "kernel" };

test("records survive being read in pieces of any size", () => {
  const header = createHeader("execute_request", { session: "s", username: "u" });
  const bytes = Buffer.concat([
    ...encodeParent(7, header),
    ...encodeStream(7, "stderr", "héllo\n"),
    ...encodeFrames([Buffer.from("a"), Buffer.alloc(0), Buffer.from("ccc")]),
  ]);
  for (let piece = 1; piece <= bytes.byteLength; piece++) {
    const parser = new RecordParser();
    const records = [];
    for (let at = 0; at < bytes.byteLength; at += piece) records.push(...parser.push(bytes.subarray(at, at + piece)));
    assert.deepEqual(records.map((r) => r.kind), ["parent", "stream", "frames"], `piece size ${piece}`);
    assert.deepEqual(records[0], { kind: "parent", key: 7, header });
    assert.deepEqual(records[1], { kind: "stream", key: 7, name: "stderr", text: "héllo\n" });
    assert.deepEqual(records[2]!.kind === "frames" && records[2].frames.map(String), ["a", "", "ccc"]);
  }
});

interface RelayRun {
  writer: PipeWriter;
  sent: Message[];
  relay: IopubRelay;
}

function startRelay(options: { maxMessageChars?: number; flushIntervalMs?: number } = {}): RelayRun {
  const memory = createSharedPipeMemory(1 << 16);
  const sent: Message[] = [];
  const relay = new IopubRelay({
    reader: new PipeReader(memory),
    signer,
    origin,
    log: () => undefined,
    send: async (frames) => {
      sent.push(decode(frames, signer));
    },
    ...options,
  });
  relay.start();
  return { writer: new PipeWriter(memory), sent, relay };
}

function request(): Header {
  return createHeader("execute_request", { session: "client", username: "user" });
}

function status(parent: Header, state: string): Buffer[] {
  const message: Message = {
    identities: [Buffer.from("status")],
    header: createHeader("status", origin),
    parent_header: parent,
    metadata: {},
    content: { execution_state: state },
    buffers: [],
  };
  return [...require("../../src/protocol").encode(message, signer)];
}

test("consecutive prints of one cell become one stream message, sent before whatever follows them", async () => {
  const { writer, sent, relay } = startRelay({ flushIntervalMs: 10_000 });
  const parent = request();
  writer.write(encodeParent(1, parent));
  for (let j = 0; j < 1000; j++) writer.write(encodeStream(1, "stdout", `step ${j}\n`));
  writer.write(encodeFrames(status(parent, "idle")));
  await relay.stop();
  assert.deepEqual(sent.map((m) => m.header.msg_type), ["stream", "status"]);
  const stream = sent[0]!;
  assert.equal(stream.content.text, Array.from({ length: 1000 }, (_, j) => `step ${j}\n`).join(""));
  assert.equal((stream.parent_header as Header).msg_id, parent.msg_id);
  assert.equal(stream.content.name, "stdout");
});

test("a change of stream or of cell starts a new message; nothing is reordered", async () => {
  const { writer, sent, relay } = startRelay({ flushIntervalMs: 10_000 });
  const first = request();
  const second = request();
  writer.write(encodeParent(1, first));
  writer.write(encodeStream(1, "stdout", "a"));
  writer.write(encodeStream(1, "stderr", "b"));
  writer.write(encodeStream(1, "stderr", "c"));
  writer.write(encodeParent(2, second));
  writer.write(encodeStream(2, "stderr", "d"));
  writer.write(encodeStream(1, "stderr", "e"));
  await relay.stop();
  const seen = sent.map((m) => [(m.parent_header as Header).msg_id === first.msg_id ? 1 : 2, m.content.name, m.content.text]);
  assert.deepEqual(seen, [[1, "stdout", "a"], [1, "stderr", "bc"], [2, "stderr", "d"], [1, "stderr", "e"]]);
});

test("text is sent within the flush interval even when nothing follows it", async () => {
  const { writer, sent, relay } = startRelay({ flushIntervalMs: 20 });
  writer.write(encodeParent(1, request()));
  writer.write(encodeStream(1, "stdout", "pending"));
  while (sent.length === 0) await new Promise((done) => setTimeout(done, 5));
  assert.equal(sent[0]!.content.text, "pending");
  await relay.stop();
});

test("a long burst is split at the message size limit, and joins back to every character", async () => {
  const { writer, sent, relay } = startRelay({ flushIntervalMs: 10_000, maxMessageChars: 1000 });
  writer.write(encodeParent(1, request()));
  const line = "x".repeat(99) + "\n";
  for (let j = 0; j < 100; j++) writer.write(encodeStream(1, "stdout", line));
  await relay.stop();
  assert.equal(sent.length, 10);
  assert.ok(sent.every((m) => (m.content.text as string).length === 1000));
  assert.equal(sent.map((m) => m.content.text).join(""), line.repeat(100));
});
