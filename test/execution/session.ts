import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createExecutor } from "../../src/execution";
import type { ExecuteOptions, ExecuteOutcome, Executor } from "../../src/execution/types";
import { createMagicExecutor } from "../../src/magics";
import { RecordingSink } from "./recording-sink";

/**
 * An executor whose notebook folder is a fresh temporary directory with no node_modules:
 * the situation where tslab alone fails to find @types/node and "tsparallel". With
 * `magics`, cells go through the magic layer first, as in the kernel.
 */
export class TestSession {
  readonly cwd: string;
  readonly executor: Executor;

  constructor(options: { magics?: boolean; folderPrefix?: string } = {}) {
    this.cwd = mkdtempSync(path.join(tmpdir(), options.folderPrefix ?? "tsparallel-cells-"));
    const executor = createExecutor({ cwd: this.cwd });
    this.executor = options.magics ? createMagicExecutor(executor) : executor;
  }

  async run(code: string, options?: ExecuteOptions): Promise<{ outcome: ExecuteOutcome; sink: RecordingSink }> {
    const sink = new RecordingSink();
    const outcome = await this.executor.execute(code, sink, options);
    return { outcome, sink };
  }

  /** Runs a cell that must succeed; returns what it displayed and its text/plain result (undefined when none). */
  async ok(code: string): Promise<{ sink: RecordingSink; value?: string }> {
    const { outcome, sink } = await this.run(code);
    if (outcome.status !== "ok") throw new Error(`cell failed: ${code}: ${outcome.ename}: ${outcome.evalue}\n${outcome.traceback.join("\n")}`);
    return { sink, value: outcome.result?.data["text/plain"] as string | undefined };
  }

  /** Runs a cell that must succeed; returns its text/plain result (undefined when none). */
  async value(code: string): Promise<string | undefined> {
    return (await this.ok(code)).value;
  }

  async close(): Promise<void> {
    await this.executor.dispose();
    rmSync(this.cwd, { recursive: true, force: true });
  }
}

export function expectError(outcome: ExecuteOutcome): Extract<ExecuteOutcome, { status: "error" }> {
  if (outcome.status !== "error") throw new Error(`expected an error, got ${JSON.stringify(outcome)}`);
  return outcome;
}
