import { createChild, type JsonObject, type Message, type Origin } from "../protocol";

/** Where the handler's messages go: the transport in the kernel, a recorder in tests. */
export interface Outbox {
  reply(channel: "shell" | "control", message: Message): void;
  publish(message: Message): void;
  /**
   * Text printed by the cell `request` started, for a `stream` message on iopub.
   * Apart from `publish` so that the transport can join a burst of prints into
   * one message; it keeps the order of everything published.
   */
  stream(request: Message, name: "stdout" | "stderr", text: string): void;
}

/** Replies and broadcasts caused by one request, with its parent_header set. */
export class RequestScope {
  constructor(
    readonly request: Message,
    readonly channel: "shell" | "control",
    private readonly outbox: Outbox,
    private readonly origin: Origin,
  ) {}

  get msgType(): string {
    return this.request.header.msg_type;
  }

  reply(msgType: string, content: JsonObject, metadata: JsonObject = {}): void {
    this.outbox.reply(this.channel, createChild(this.request, msgType, content, this.origin, metadata));
  }

  /** iopub messages carry no routing identities: the topic frame is the message type. */
  publish(msgType: string, content: JsonObject, metadata: JsonObject = {}): void {
    const message = createChild(this.request, msgType, content, this.origin, metadata);
    message.identities = [Buffer.from(msgType)];
    this.outbox.publish(message);
  }

  /** Printed text, sent as `stream` messages (joined by the transport; see Outbox.stream). */
  stream(name: "stdout" | "stderr", text: string): void {
    this.outbox.stream(this.request, name, text);
  }

  status(state: "busy" | "idle"): void {
    this.publish("status", { execution_state: state });
  }
}
