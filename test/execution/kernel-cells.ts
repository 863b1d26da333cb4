import assert from "node:assert/strict";
import type { Message } from "../../src/protocol";
import { after, before } from "node:test";
import { KernelProcess } from "../transport/kernel-process";

/** Runs cells on a real kernel process and reads what they produced. */
export class KernelCells {
  private readonly process: () => KernelProcess;

  /** On a started kernel, or on the one a suite starts later (see kernelCellsForSuite). */
  constructor(kernel: KernelProcess | (() => KernelProcess)) {
    this.process = kernel instanceof KernelProcess ? () => kernel : kernel;
  }

  /** The kernel process the cells run on. */
  get kernel(): KernelProcess {
    return this.process();
  }

  /** The execute_reply and the iopub messages of one cell; fails at once if the kernel dies meanwhile. */
  async execute(code: string): Promise<{ reply: Message; outputs: Message[] }> {
    const exited = this.kernel.exit.then((status) => {
      throw new Error(`the kernel exited (${status}) while running ${JSON.stringify(code)}:\n${this.kernel.stderr.join("").slice(-2000)}`);
    });
    exited.catch(() => undefined); // the kernel exits when the suite closes it
    const request = this.kernel.request("shell", "execute_request", { code, silent: false, store_history: true, stop_on_error: false });
    const reply = await Promise.race([request, exited]);
    const outputs = await this.kernel.outputsOf((reply.parent_header as { msg_id: string }).msg_id);
    return { reply, outputs };
  }

  /** The text/plain result of a cell that must succeed. */
  async resultOf(code: string): Promise<string | undefined> {
    const { reply, outputs } = await this.execute(code);
    assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
    const result = outputs.find((m) => m.header.msg_type === "execute_result");
    return (result?.content.data as Record<string, string> | undefined)?.["text/plain"];
  }

  /** Runs a cell that must fail with a one-line UsageError, IPython's way: the message is the whole traceback. */
  async assertUsageError(code: string, message: string): Promise<void> {
    const { reply } = await this.execute(code);
    assert.equal(reply.content.ename, "UsageError", JSON.stringify(reply.content));
    assert.equal(reply.content.evalue, message);
    assert.deepEqual(reply.content.traceback, [`UsageError: ${message}`]);
  }
}

/**
 * Cells on a kernel process of the suite's own: started (with `env`) before the suite's
 * tests, closed after them. Hooks the suite adds after this call run after the start.
 */
export function kernelCellsForSuite(env?: NodeJS.ProcessEnv): KernelCells {
  let kernel: KernelProcess | undefined;
  before(async () => {
    kernel = await KernelProcess.start(env);
    await kernel.ready();
  });
  after(async () => {
    await kernel?.close();
  });
  return new KernelCells(() => {
    if (!kernel) throw new Error("the suite's kernel has not started");
    return kernel;
  });
}

/** What a cell wrote to a stream. */
export function streamText(outputs: readonly Message[], name: "stdout" | "stderr"): string {
  return outputs
    .filter((m) => m.header.msg_type === "stream" && m.content.name === name)
    .map((m) => String(m.content.text))
    .join("");
}
