import { ProtocolError, ReplayError, SignatureError } from "./errors";
import type { Message } from "./messages";
import type { ReplayGuard } from "./replay-guard";
import type { Signer } from "./signature";
import { validateHeader, validateObject, validateParentHeader } from "./validate";

/**
 * The wire protocol: `[identities..., "<IDS|MSG>", hmac, header, parent_header,
 * metadata, content, buffers...]`.
 * https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol
 */
export const DELIMITER = Buffer.from("<IDS|MSG>", "latin1");

/**
 * Frames → message. The signature is checked before any JSON is parsed, so a
 * forged message is never interpreted; with `replays`, a signature seen before
 * is refused too. Throws SignatureError, ReplayError or ProtocolError.
 */
export function decode(frames: readonly Buffer[], signer: Signer, replays?: ReplayGuard): Message {
  const delimiterAt = frames.findIndex((frame) => frame.equals(DELIMITER));
  if (delimiterAt < 0) throw new ProtocolError("message has no <IDS|MSG> delimiter");
  if (frames.length < delimiterAt + 6) {
    throw new ProtocolError(`message has ${frames.length - delimiterAt - 1} frames after <IDS|MSG>, expected at least 5 (signature, header, parent_header, metadata, content)`);
  }
  const signature = frames[delimiterAt + 1]!.toString("latin1");
  const signed = frames.slice(delimiterAt + 2, delimiterAt + 6);
  if (!signer.verify(signed, signature)) throw new SignatureError("message signature does not match the connection key");
  if (replays && !replays.admit(signature)) throw new ReplayError("message signature was seen before: a replayed copy");
  const [header, parentHeader, metadata, content] = signed.map((frame, i) => parseJson(frame, PART_NAMES[i]!));
  return {
    identities: frames.slice(0, delimiterAt),
    header: validateHeader(header),
    parent_header: validateParentHeader(parentHeader),
    metadata: validateObject(metadata, "metadata"),
    content: validateObject(content, "content"),
    buffers: frames.slice(delimiterAt + 6),
  };
}

/** Message → frames, signed. */
export function encode(message: Message, signer: Signer): Buffer[] {
  const parts = [message.header, message.parent_header, message.metadata, message.content].map((part) => Buffer.from(JSON.stringify(part), "utf8"));
  return [...message.identities, DELIMITER, Buffer.from(signer.sign(parts), "latin1"), ...parts, ...message.buffers];
}

const PART_NAMES = ["header", "parent_header", "metadata", "content"] as const;

function parseJson(frame: Buffer, part: string): unknown {
  try {
    return JSON.parse(frame.toString("utf8"));
  } catch (error) {
    throw new ProtocolError(`${part} is not valid JSON: ${(error as Error).message}`);
  }
}
