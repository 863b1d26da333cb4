import { randomUUID } from "node:crypto";
import type { KernelMessage } from "@jupyterlab/services";

/** The protocol version this kernel speaks (kernel_info_reply.protocol_version and every header). */
export const PROTOCOL_VERSION = "5.3";

/**
 * A header as received: the spec's fields, with `msg_type` left open because a
 * client may send types this kernel does not know (they are answered or logged, not trusted).
 */
export type Header = Omit<KernelMessage.IHeader, "msg_type"> & { msg_type: string };

/** Content and metadata are JSON objects; their shape per msg_type is checked where they are used. */
export type JsonObject = Record<string, unknown>;

/**
 * One message, decoded. `identities` are the ROUTER routing frames that precede
 * the `<IDS|MSG>` delimiter; a reply must carry them back unchanged.
 * https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol
 */
export interface Message {
  identities: Buffer[];
  header: Header;
  /** `{}` when the message answers nothing. */
  parent_header: Header | Record<string, never>;
  metadata: JsonObject;
  content: JsonObject;
  buffers: Buffer[];
}

/** Everything needed to build a new message's header. */
export interface Origin {
  session: string;
  username: string;
}

export function createHeader(msgType: string, origin: Origin): Header {
  return {
    msg_id: randomUUID(),
    msg_type: msgType,
    session: origin.session,
    username: origin.username,
    date: new Date().toISOString(),
    version: PROTOCOL_VERSION,
  };
}

/**
 * A reply or broadcast caused by `parent`: same routing identities (for ROUTER
 * channels), parent_header set so clients can match it to their request.
 */
export function createChild(parent: Message, msgType: string, content: JsonObject, origin: Origin, metadata: JsonObject = {}): Message {
  return {
    identities: parent.identities,
    header: createHeader(msgType, origin),
    parent_header: parent.header,
    metadata,
    content,
    buffers: [],
  };
}
