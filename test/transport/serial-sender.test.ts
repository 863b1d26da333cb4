import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SerialSender, type FrameWriter } from "../../src/transport/serial-sender";

/** Behaves like a zeromq v6 socket: a send while another is pending is refused. */
class OneAtATimeSocket implements FrameWriter {
  readonly sent: string[] = [];
  private busy = false;
  failNext = false;

  async send(frames: Array<Buffer | string>): Promise<void> {
    if (this.busy) throw new Error("Socket is busy writing");
    this.busy = true;
    await new Promise((done) => setTimeout(done, 1));
    this.busy = false;
    if (this.failNext) {
      this.failNext = false;
      throw new Error("host unreachable");
    }
    this.sent.push(frames.map(String).join("|"));
  }
}

describe("SerialSender", () => {
  it("sends back-to-back messages one at a time, in order", async () => {
    const socket = new OneAtATimeSocket();
    const logs: string[] = [];
    const sender = new SerialSender(socket, "iopub", (line) => logs.push(line));
    for (let i = 0; i < 5; i++) void sender.send([Buffer.from(`m${i}`)]);
    await sender.flushed();
    assert.deepEqual(socket.sent, ["m0", "m1", "m2", "m3", "m4"]);
    assert.deepEqual(logs, []);
  });

  it("logs a failed send and keeps sending the rest", async () => {
    const socket = new OneAtATimeSocket();
    const logs: string[] = [];
    const sender = new SerialSender(socket, "shell", (line) => logs.push(line));
    socket.failNext = true;
    void sender.send([Buffer.from("lost")]);
    void sender.send([Buffer.from("kept")]);
    await sender.flushed();
    assert.deepEqual(socket.sent, ["kept"]);
    assert.deepEqual(logs, ["send on shell failed: host unreachable"]);
  });
});
