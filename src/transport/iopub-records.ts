import type { Header } from "../protocol";

/**
 * What the main thread writes into the iopub pipe (shared-pipe.ts), one record
 * after another: `[u32 payload length][u8 kind][payload]`, little-endian.
 *
 * - parent: a request's header, sent once under a small key before the first
 *   text that request's cell prints, so text records stay a few bytes long;
 * - stream: text a cell printed; the I/O thread joins consecutive text of the
 *   same request and stream into one `stream` message, as ipykernel batches its
 *   output, and builds and signs that message itself;
 * - frames: any other iopub message, already built and signed by the main thread.
 */
export type IopubRecord =
  | { kind: "parent"; key: number; header: Header }
  | { kind: "stream"; key: number; name: "stdout" | "stderr"; text: string }
  | { kind: "frames"; frames: Buffer[] };

const KIND_PARENT = 1;
const KIND_STREAM = 2;
const KIND_FRAMES = 3;
const PREFIX_BYTES = 5;
const STREAM_NAMES = ["stdout", "stderr"] as const;

export function encodeParent(key: number, header: Header): Buffer[] {
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const fields = Buffer.allocUnsafe(4);
  fields.writeUInt32LE(key, 0);
  return [prefix(KIND_PARENT, 4 + json.byteLength), fields, json];
}

/** One buffer, not three: a print loop writes one of these per line, and each piece costs the pipe a copy. */
export function encodeStream(key: number, name: "stdout" | "stderr", text: string): Buffer[] {
  const textBytes = Buffer.byteLength(text, "utf8");
  const record = Buffer.allocUnsafe(PREFIX_BYTES + 5 + textBytes);
  record.writeUInt32LE(5 + textBytes, 0);
  record.writeUInt8(KIND_STREAM, 4);
  record.writeUInt32LE(key, PREFIX_BYTES);
  record.writeUInt8(name === "stdout" ? 0 : 1, PREFIX_BYTES + 4);
  record.write(text, PREFIX_BYTES + 5, textBytes, "utf8");
  return [record];
}

export function encodeFrames(frames: readonly Buffer[]): Buffer[] {
  const lengths = Buffer.allocUnsafe(2 + 4 * frames.length);
  lengths.writeUInt16LE(frames.length, 0);
  frames.forEach((frame, i) => lengths.writeUInt32LE(frame.byteLength, 2 + 4 * i));
  const payload = lengths.byteLength + frames.reduce((sum, frame) => sum + frame.byteLength, 0);
  return [prefix(KIND_FRAMES, payload), lengths, ...frames];
}

function prefix(kind: number, payloadBytes: number): Buffer {
  const out = Buffer.allocUnsafe(PREFIX_BYTES);
  out.writeUInt32LE(payloadBytes, 0);
  out.writeUInt8(kind, 4);
  return out;
}

/** Turns the pipe's bytes, read in pieces of any size, back into whole records. */
export class RecordParser {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): IopubRecord[] {
    const bytes = this.pending.byteLength === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const records: IopubRecord[] = [];
    let at = 0;
    while (bytes.byteLength - at >= PREFIX_BYTES) {
      const payloadBytes = bytes.readUInt32LE(at);
      const end = at + PREFIX_BYTES + payloadBytes;
      if (end > bytes.byteLength) break;
      records.push(decodeRecord(bytes.readUInt8(at + 4), bytes.subarray(at + PREFIX_BYTES, end)));
      at = end;
    }
    // Copy the unfinished tail: it must not pin the whole chunk it came in.
    this.pending = Buffer.from(bytes.subarray(at));
    return records;
  }
}

function decodeRecord(kind: number, payload: Buffer): IopubRecord {
  switch (kind) {
    case KIND_PARENT:
      return { kind: "parent", key: payload.readUInt32LE(0), header: JSON.parse(payload.toString("utf8", 4)) as Header };
    case KIND_STREAM:
      return { kind: "stream", key: payload.readUInt32LE(0), name: STREAM_NAMES[payload.readUInt8(4)] ?? "stdout", text: payload.toString("utf8", 5) };
    case KIND_FRAMES:
      return { kind: "frames", frames: decodeFrames(payload) };
    default:
      throw new Error(`iopub pipe: unknown record kind ${kind}`);
  }
}

function decodeFrames(payload: Buffer): Buffer[] {
  const count = payload.readUInt16LE(0);
  const frames: Buffer[] = [];
  let at = 2 + 4 * count;
  for (let i = 0; i < count; i++) {
    const length = payload.readUInt32LE(2 + 4 * i);
    frames.push(payload.subarray(at, at + length));
    at += length;
  }
  return frames;
}
