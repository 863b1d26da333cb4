import { createHeader, encode, type Header, type Message, type Origin, type Signer } from "../protocol";
import { RecordParser, type IopubRecord } from "./iopub-records";
import type { Log } from "./log";
import type { PipeReader } from "./shared-pipe";

export interface IopubRelayOptions {
  reader: PipeReader;
  signer: Signer;
  origin: Origin;
  /** Sends one signed message on iopub; resolves when ZeroMQ has it. */
  send(frames: Buffer[]): Promise<void>;
  log: Log;
  /** How long printed text may wait to be joined with more before it is sent (ipykernel flushes every 0.2 s). */
  flushIntervalMs?: number;
  /** Text of one stream message beyond which it is sent at once. */
  maxMessageChars?: number;
}

/**
 * The I/O thread's side of the iopub pipe: reads records as the main thread
 * writes them and sends them on iopub in the order written.
 *
 * Printed text is joined: consecutive text of one request's stream waits up to
 * `flushIntervalMs` for more, so a loop of 100,000 `console.log`s becomes a few
 * dozen messages rather than 100,000 (each of which a client must parse and a
 * notebook page must render). Anything else that follows the text — a display,
 * a result, the idle status — sends the text first, so a cell's output is never
 * reordered and a short cell's output is not delayed. Because this runs on the
 * I/O thread, text printed before a long synchronous loop still goes out while
 * the loop runs.
 */
export class IopubRelay {
  private readonly parser = new RecordParser();
  private readonly parents = new Map<number, Header>();
  private readonly flushIntervalMs: number;
  private readonly maxMessageChars: number;
  private text: { key: number; name: "stdout" | "stderr"; parts: string[]; chars: number; deadline: number } | undefined;
  private stopping = false;
  private lastExecute: Header | undefined;
  private finished: Promise<void> | undefined;

  constructor(private readonly options: IopubRelayOptions) {
    this.flushIntervalMs = options.flushIntervalMs ?? 50;
    this.maxMessageChars = options.maxMessageChars ?? 1 << 20;
  }

  start(): void {
    this.finished ??= this.run();
  }

  /** Sends everything already written, then ends the relay. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.options.reader.wake();
    await this.finished;
  }

  private async run(): Promise<void> {
    const { reader, log } = this.options;
    for (;;) {
      // With text pending, sleep until its deadline instead of waking for every write: a
      // print loop then costs the printing thread a copy per line, not a wake-up of this
      // thread per line (which halved its speed). What arrives meanwhile waits at most
      // flushIntervalMs, as the pending text does.
      const hasData = this.text
        ? await sleepThenLook(reader, Math.max(0, this.text.deadline - performance.now()))
        : await reader.waitForData(IDLE_POLL_MS);
      if (hasData) {
        try {
          for (const record of this.parser.push(reader.read())) await this.take(record);
        } catch (error) {
          log(`iopub: dropped a malformed record: ${(error as Error).message}`);
        }
      }
      if (this.text && (performance.now() >= this.text.deadline || this.stopping)) await this.flushText();
      if (this.stopping && reader.available() === 0) {
        reader.close();
        return;
      }
    }
  }

  private async take(record: IopubRecord): Promise<void> {
    switch (record.kind) {
      case "parent":
        this.rememberParent(record.key, record.header);
        return;
      case "stream":
        return this.addText(record.key, record.name, record.text);
      case "frames":
        await this.flushText();
        await this.options.send(record.frames);
        return;
    }
  }

  private async addText(key: number, name: "stdout" | "stderr", text: string): Promise<void> {
    if (this.text && (this.text.key !== key || this.text.name !== name)) await this.flushText();
    this.text ??= { key, name, parts: [], chars: 0, deadline: performance.now() + this.flushIntervalMs };
    this.text.parts.push(text);
    this.text.chars += text.length;
    if (this.text.chars >= this.maxMessageChars) await this.flushText();
  }

  private async flushText(): Promise<void> {
    const pending = this.text;
    if (!pending) return;
    this.text = undefined;
    const message: Message = {
      identities: [Buffer.from("stream")],
      header: createHeader("stream", this.options.origin),
      parent_header: this.parents.get(pending.key) ?? {},
      metadata: {},
      content: { name: pending.name, text: pending.parts.join("") },
      buffers: [],
    };
    await this.options.send(encode(message, this.options.signer));
  }

  /** The execute_request the main thread wrote for last: the cell that runs, or ran last. */
  lastExecuteParent(): Header | undefined {
    return this.lastExecute;
  }

  /** Keys of long-finished requests are forgotten; a callback printing that late is sent without a parent. */
  private rememberParent(key: number, header: Header): void {
    this.parents.set(key, header);
    if (header.msg_type === "execute_request") this.lastExecute = header;
    if (this.parents.size > MAX_PARENTS) this.parents.delete(this.parents.keys().next().value as number);
  }
}

async function sleepThenLook(reader: PipeReader, ms: number): Promise<boolean> {
  if (ms > 0) await new Promise((done) => setTimeout(done, ms));
  return reader.available() > 0;
}

/** How often an idle relay looks whether it is being stopped (a stop also wakes it at once). */
const IDLE_POLL_MS = 1000;
const MAX_PARENTS = 4096;
