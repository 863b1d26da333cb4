import type { CompletionOutcome, ExecuteOutcome, Executor, InspectionOutcome, IsCompleteOutcome, OutputSink } from "../../src/execution/types";


/**
 * A scripted interpreter. Cells are tiny commands so tests read plainly:
 *   "fail"          → error outcome (ename "Error", evalue "failed")
 *   "throw"         → the executor itself throws (a defect)
 *   "print:TEXT"    → writes TEXT to stdout, no result
 *   "display"       → display_data, then update, then clear_output
 *   "wait"          → waits until release() is called
 *   anything else   → result { "text/plain": <the code> }
 */
export class FakeExecutor implements Executor {
  readonly executed: string[] = [];
  disposed = false;
  interrupts = 0;
  private waiting: Array<() => void> = [];

  async execute(code: string, sink: OutputSink): Promise<ExecuteOutcome> {
    this.executed.push(code);
    if (code === "fail") return { status: "error", ename: "Error", evalue: "failed", traceback: ["Error: failed", "    at cell:1:1"] };
    if (code === "throw") throw new TypeError("executor defect");
    if (code.startsWith("print:")) {
      sink.stream("stdout", code.slice("print:".length));
      return { status: "ok" };
    }
    if (code === "display") {
      sink.display({ "text/html": "<b>1</b>" }, { displayId: "d1" });
      sink.display({ "text/html": "<b>2</b>" }, { displayId: "d1", update: true });
      sink.clearOutput(true);
      return { status: "ok" };
    }
    if (code === "wait") await new Promise<void>((resolve) => this.waiting.push(resolve));
    return { status: "ok", result: { data: { "text/plain": code }, metadata: {} } };
  }

  release(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  complete(code: string, cursorPos: number): CompletionOutcome {
    return { matches: [`${code}Completed`], cursorStart: 0, cursorEnd: cursorPos, metadata: {} };
  }

  inspect(code: string): InspectionOutcome {
    return code === "unknown" ? { found: false, data: {} } : { found: true, data: { "text/plain": `doc of ${code}` } };
  }

  isComplete(code: string): IsCompleteOutcome {
    return code.endsWith("{") ? { status: "incomplete", indent: "  " } : { status: "complete" };
  }

  interrupt(): void {
    this.interrupts++;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}
