import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Pair } from "zeromq";
import { framesZeroMqCopies } from "../../src/transport/copied-frames";

describe("framesZeroMqCopies", () => {
  const json = Buffer.from(JSON.stringify({ text: "ünïcode ✓ ".repeat(40) }));
  const binary = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
  const small = Buffer.from([0xff, 0x00, 0x80]);

  it("hands every large UTF-8 frame over as a string, which zeromq copies", () => {
    const [jsonFrame, binaryFrame, smallFrame] = framesZeroMqCopies([json, binary, small]);
    assert.equal(typeof jsonFrame, "string");
    assert.ok(Buffer.isBuffer(binaryFrame), "a binary frame cannot become a string without changing its bytes");
    assert.ok(Buffer.isBuffer(smallFrame));
  });

  it("puts the same bytes on the wire as the frames it was given", async () => {
    const endpoint = `inproc://copied-frames-${process.pid}`;
    const receiver = new Pair();
    const sender = new Pair();
    await receiver.bind(endpoint);
    sender.connect(endpoint);
    try {
      await sender.send(framesZeroMqCopies([json, binary, small]));
      const received = await receiver.receive();
      assert.deepEqual(received, [json, binary, small]);
    } finally {
      sender.close();
      receiver.close();
    }
  });
});
