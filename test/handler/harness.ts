import { createKernelHandler, type KernelHandler, type Outbox } from "../../src/handler";
import { createChild, createHeader, type JsonObject, type Message } from "../../src/protocol";
import { FakeExecutor } from "./fakes";

/** One message the handler sent, flattened for assertions. */
export interface Sent {
  channel: "shell" | "control" | "iopub";
  msgType: string;
  parentId: string | undefined;
  content: JsonObject;
}

export interface Harness {
  handler: KernelHandler;
  sent: Sent[];
  executors: FakeExecutor[];
  logs: string[];
  shutdowns: boolean[];
  /** Called for each message as it is sent, like a client reacting to what arrives. */
  onSend?: (sent: Sent) => void;
  /** Queues a shell request and returns its msg_id. */
  shell(msgType: string, content?: JsonObject): string;
  control(msgType: string, content?: JsonObject): Promise<string>;
  /** Messages caused by one request, in order. */
  about(msgId: string): Sent[];
  replyTo(msgId: string): Sent;
  /** The last executor created (the handler creates them lazily). */
  executor(): FakeExecutor;
}

export function request(msgType: string, content: JsonObject = {}): Message {
  return {
    identities: [Buffer.from("client")],
    header: createHeader(msgType, { session: "client-session", username: "tester" }),
    parent_header: {},
    metadata: {},
    content,
    buffers: [],
  };
}

export function createHandlerDeps(options: { warmUpAfterKernelInfo?: boolean } = {}): Harness {
  const sent: Sent[] = [];
  const executors: FakeExecutor[] = [];
  const logs: string[] = [];
  const shutdowns: boolean[] = [];
  const record = (channel: Sent["channel"], message: Message) => {
    const entry: Sent = {
      channel,
      msgType: message.header.msg_type,
      parentId: "msg_id" in message.parent_header ? message.parent_header.msg_id : undefined,
      content: message.content,
    };
    sent.push(entry);
    harness.onSend?.(entry);
  };
  const outbox: Outbox = {
    reply: (channel, message) => record(channel, message),
    publish: (message) => record("iopub", message),
    stream: (request, name, text) => record("iopub", createChild(request, "stream", { name, text }, { session: "kernel-session", username: "kernel" })),
  };
  const handler = createKernelHandler({
    outbox,
    createExecutor: () => {
      const executor = new FakeExecutor();
      executors.push(executor);
      return executor;
    },
    identity: { implementationVersion: "9.9.9", typescriptVersion: "5.0.4" },
    session: "kernel-session",
    log: (line) => logs.push(line),
    onShutdown: (restart) => shutdowns.push(restart),
    warmUpAfterKernelInfo: options.warmUpAfterKernelInfo ?? false,
  });
  const harness: Harness = {
    handler,
    sent,
    executors,
    logs,
    shutdowns,
    shell(msgType, content = {}) {
      const message = request(msgType, content);
      handler.shell(message);
      return message.header.msg_id;
    },
    async control(msgType, content = {}) {
      const message = request(msgType, content);
      await handler.control(message);
      return message.header.msg_id;
    },
    about: (msgId) => sent.filter((s) => s.parentId === msgId),
    replyTo(msgId) {
      const reply = sent.find((s) => s.parentId === msgId && s.channel !== "iopub");
      if (!reply) throw new Error(`no reply to ${msgId}`);
      return reply;
    },
    executor() {
      const last = executors.at(-1);
      if (!last) throw new Error("no executor was created");
      return last;
    },
  };
  return harness;
}
