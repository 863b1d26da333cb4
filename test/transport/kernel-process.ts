import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Dealer, Request, Subscriber } from "zeromq";
import { createHeader, createSigner, decode, encode, type ConnectionInfo, type JsonObject, type Message, type Signer } from "../../src/protocol";

/** The compiled CLI, from dist/test/transport. */
export const cliPath = resolve(__dirname, "..", "..", "src", "cli.js");

/** Ports the OS says are free right now. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<import("node:net").Server>((done) => {
      const server = createServer();
      server.listen(0, "127.0.0.1", () => done(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as import("node:net").AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
  return ports;
}

export async function writeConnectionFile(dir: string, key = "test-key-0123"): Promise<{ file: string; info: ConnectionInfo }> {
  const [shell, control, iopub, stdin, hb] = await freePorts(5);
  const info: ConnectionInfo = {
    transport: "tcp",
    ip: "127.0.0.1",
    key,
    signature_scheme: "hmac-sha256",
    shell_port: shell!,
    control_port: control!,
    iopub_port: iopub!,
    stdin_port: stdin!,
    hb_port: hb!,
  };
  const file = join(dir, "connection.json");
  writeFileSync(file, JSON.stringify(info));
  return { file, info };
}

/**
 * A real kernel process (`node dist/src/cli.js kernel`) and a minimal ZeroMQ
 * client on its channels, written here from the spec so the test does not
 * trust the code under test to talk to itself.
 */
export class KernelProcess {
  readonly shell = new Dealer();
  readonly control = new Dealer();
  readonly iopub = new Subscriber();
  readonly heartbeat = new Request();
  readonly signer: Signer;
  readonly stderr: string[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;
  private readonly iopubLog: Message[] = [];
  private iopubWaiters: Array<() => void> = [];

  private constructor(readonly dir: string, readonly info: ConnectionInfo, file: string, env: NodeJS.ProcessEnv) {
    this.signer = createSigner(info.key, info.signature_scheme);
    this.child = spawn(process.execPath, [cliPath, "kernel", "--connection-file", file], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    this.child.stderr!.on("data", (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.child.stdout!.on("data", (chunk: Buffer) => this.stderr.push(`[stdout!] ${chunk.toString()}`));
    this.exited = new Promise((done) => this.child.on("exit", (code) => done(code)));
    const at = (port: number) => `tcp://${info.ip}:${port}`;
    this.shell.connect(at(info.shell_port));
    this.control.connect(at(info.control_port));
    this.iopub.connect(at(info.iopub_port));
    this.iopub.subscribe();
    this.heartbeat.connect(at(info.hb_port));
    void this.readIopub();
  }

  static async start(env: NodeJS.ProcessEnv = process.env): Promise<KernelProcess> {
    const dir = mkdtempSync(join(tmpdir(), "tsparallel-kernel-"));
    const { file, info } = await writeConnectionFile(dir);
    return new KernelProcess(dir, info, file, env);
  }

  get pid(): number {
    return this.child.pid!;
  }

  message(msgType: string, content: JsonObject): Message {
    return { identities: [], header: createHeader(msgType, { session: "test-client", username: "test" }), parent_header: {}, metadata: {}, content, buffers: [] };
  }

  /** Sends on shell or control; `signer` lets a test forge a signature. */
  async send(channel: "shell" | "control", message: Message, signer: Signer = this.signer): Promise<string> {
    await (channel === "shell" ? this.shell : this.control).send(encode(message, signer));
    return message.header.msg_id;
  }

  async receive(channel: "shell" | "control"): Promise<Message> {
    const frames = await (channel === "shell" ? this.shell : this.control).receive();
    return decode(frames, this.signer);
  }

  /** Sends a request and waits for its reply (skipping stale replies). */
  async request(channel: "shell" | "control", msgType: string, content: JsonObject = {}): Promise<Message> {
    const id = await this.send(channel, this.message(msgType, content));
    for (;;) {
      const reply = await this.receive(channel);
      if ("msg_id" in reply.parent_header && reply.parent_header.msg_id === id) return reply;
    }
  }

  /** Runs a cell (store_history on) and collects its iopub messages up to idle. */
  async execute(code: string): Promise<{ reply: Message; outputs: Message[] }> {
    const reply = await this.request("shell", "execute_request", { code, silent: false, store_history: true, stop_on_error: false });
    const outputs = await this.outputsOf((reply.parent_header as { msg_id: string }).msg_id);
    return { reply, outputs };
  }

  /** Runs a cell and returns the text/plain of its result (undefined when it has none). */
  async evaluate(code: string): Promise<unknown> {
    const { outputs } = await this.execute(code);
    return (outputs.find((m) => m.header.msg_type === "execute_result")?.content.data as Record<string, unknown> | undefined)?.["text/plain"];
  }

  /**
   * Waits until the kernel answers kernel_info and its iopub reaches us: a
   * subscription takes a moment to settle, and broadcasts sent before are lost.
   */
  async ready(): Promise<Message> {
    for (;;) {
      const reply = await this.request("shell", "kernel_info_request");
      const id = (reply.parent_header as { msg_id: string }).msg_id;
      const seen = await Promise.race([this.outputsOf(id).then(() => true), new Promise<boolean>((done) => setTimeout(() => done(false), 500))]);
      if (seen) return reply;
    }
  }

  /** iopub messages caused by `msgId` up to and including its idle status. */
  async outputsOf(msgId: string): Promise<Message[]> {
    for (;;) {
      const mine = this.iopubLog.filter((m) => "msg_id" in m.parent_header && m.parent_header.msg_id === msgId);
      if (mine.some((m) => m.header.msg_type === "status" && m.content.execution_state === "idle")) return mine;
      await new Promise<void>((wake) => this.iopubWaiters.push(wake));
    }
  }

  /** Waits for the first iopub message of `msgType` caused by `msgId` (e.g. execute_input: the cell has started). */
  async firstIopub(msgId: string, msgType: string): Promise<Message> {
    for (;;) {
      const found = this.iopubLog.find((m) => m.header.msg_type === msgType && "msg_id" in m.parent_header && m.parent_header.msg_id === msgId);
      if (found) return found;
      await new Promise<void>((wake) => this.iopubWaiters.push(wake));
    }
  }

  /**
   * Resolves once the kernel's stderr matches; the pipe is a different path
   * from the sockets, so a log line may arrive after a later reply.
   */
  async stderrMatching(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stderr.join(""))) {
      if (Date.now() > deadline) throw new Error(`kernel stderr never matched ${pattern}:\n${this.stderr.join("")}`);
      await new Promise((done) => setTimeout(done, 20));
    }
    return this.stderr.join("");
  }

  /** Every iopub message received so far. */
  iopubMessages(): readonly Message[] {
    return this.iopubLog;
  }

  async ping(payload: string): Promise<string> {
    await this.heartbeat.send(payload);
    const [echo] = await this.heartbeat.receive();
    return echo!.toString();
  }

  private async readIopub(): Promise<void> {
    try {
      for await (const frames of this.iopub) {
        this.iopubLog.push(decode(frames, this.signer));
        for (const wake of this.iopubWaiters.splice(0)) wake();
      }
    } catch {
      // closed
    }
  }

  /** Stops the kernel (shutdown_request, then SIGKILL if it lingers) and closes every socket. */
  async close(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      await this.send("control", this.message("shutdown_request", { restart: false })).catch(() => undefined);
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
      await this.exited;
      clearTimeout(timer);
    }
    for (const socket of [this.shell, this.control, this.iopub, this.heartbeat]) socket.close();
    rmSync(this.dir, { recursive: true, force: true });
    return this.exited;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  get exit(): Promise<number | null> {
    return this.exited;
  }
}
