import { strict as assert } from "node:assert";
import { test } from "node:test";
import { Worker } from "node:worker_threads";
import { createSharedPipeMemory, PipeReader, PipeWriter } from "../../src/transport/shared-pipe";

/** A writer on another thread, as the kernel's main thread is to its I/O thread. */
function writeFromWorker(memory: ReturnType<typeof createSharedPipeMemory>, chunks: number, chunkBytes: number): Worker {
  const source = `(() => {
    const { workerData, parentPort } = require("node:worker_threads");
    const { PipeWriter } = require(${JSON.stringify(require.resolve("../../src/transport/shared-pipe"))});
    const writer = new PipeWriter(workerData.memory);
    for (let i = 0; i < workerData.chunks; i++) {
      const chunk = new Uint8Array(workerData.chunkBytes).map((_, j) => (i * 31 + j) & 0xff);
      if (!writer.write([chunk])) { parentPort.postMessage("dropped"); return; }
    }
    parentPort.postMessage("done");
  })();`;
  return new Worker(source, { eval: true, workerData: { memory, chunks, chunkBytes } });
}

function expectedBytes(chunks: number, chunkBytes: number): Buffer {
  const out = Buffer.alloc(chunks * chunkBytes);
  for (let i = 0; i < chunks; i++) for (let j = 0; j < chunkBytes; j++) out[i * chunkBytes + j] = (i * 31 + j) & 0xff;
  return out;
}

test("a writer that outruns a small pipe waits for room, and every byte arrives in order across the wrap", async () => {
  const memory = createSharedPipeMemory(1024);
  const reader = new PipeReader(memory);
  const chunks = 400;
  const chunkBytes = 777; // not a divisor of the capacity: writes straddle the end of the ring
  const worker = writeFromWorker(memory, chunks, chunkBytes);
  const outcome = new Promise<string>((done) => worker.once("message", done));
  const received: Buffer[] = [];
  let total = 0;
  while (total < chunks * chunkBytes) {
    await reader.waitForData(1000);
    const piece = reader.read();
    assert.ok(piece.byteLength <= 1024, "never more than the capacity is in flight");
    received.push(piece);
    total += piece.byteLength;
  }
  assert.equal(await outcome, "done");
  assert.deepEqual(Buffer.concat(received), expectedBytes(chunks, chunkBytes));
  await worker.terminate();
});

test("a closed reader makes the writer drop instead of waiting for room", () => {
  const memory = createSharedPipeMemory(16);
  const writer = new PipeWriter(memory);
  const reader = new PipeReader(memory);
  assert.equal(writer.write([new Uint8Array(16)]), true);
  reader.close();
  assert.equal(writer.write([new Uint8Array(1)]), false);
});

test("a reader that makes no room within the stall limit makes the writer give up", () => {
  const memory = createSharedPipeMemory(16);
  const writer = new PipeWriter(memory, 100);
  assert.equal(writer.write([new Uint8Array(16)]), true);
  assert.equal(writer.write([new Uint8Array(1)]), false);
});

test("waitForData is false after its timeout with nothing written, and true once bytes are there", async () => {
  const memory = createSharedPipeMemory(64);
  const reader = new PipeReader(memory);
  // Atomics.waitAsync's timeout does not keep the event loop alive (the kernel's I/O thread has its sockets for that).
  const keepAlive = setInterval(() => undefined, 1000);
  assert.equal(await reader.waitForData(20), false);
  clearInterval(keepAlive);
  new PipeWriter(memory).write([Buffer.from("abc")]);
  assert.equal(await reader.waitForData(20), true);
  assert.equal(reader.read().toString(), "abc");
  assert.equal(reader.available(), 0);
});

test("a capacity that is not a power of two is refused", () => {
  assert.throws(() => createSharedPipeMemory(1000), /power of two/);
});
