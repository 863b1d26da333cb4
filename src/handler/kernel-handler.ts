import type { Executor } from "../execution/types";
import { optionalField, type Message, type Origin } from "../protocol";
import type { Log } from "../transport/log";
import { ExecutionCounter, handleExecute, replyAborted } from "./execute";
import { History } from "./history";
import type { KernelIdentity } from "./kernel-info";
import { RequestScope, type Outbox } from "./outbox";
import { handleCommInfo, handleComplete, handleHistory, handleInspect, handleIsComplete, handleKernelInfo } from "./requests";

export interface KernelHandlerOptions {
  outbox: Outbox;
  /** Makes the interpreter; called lazily (first request that needs it, or warm-up) and again after a restart. */
  createExecutor(): Executor;
  identity: KernelIdentity;
  /** This kernel's session id, put in every header it sends. */
  session: string;
  log: Log;
  /**
   * Called after shutdown_reply went out and the executor was disposed. The kernel
   * process ends either way (kernel.ts): Jupyter starts a new process for a restart.
   */
  onShutdown?(restart: boolean): void;
  /** Create the executor right after the first kernel_info_reply, so the first cell does not pay for it. */
  warmUpAfterKernelInfo?: boolean;
  /** Printed characters one cell may show before the rest is cut (default CELL_TEXT_LIMIT_CHARS). */
  cellTextLimitChars?: number;
}

export interface KernelHandler {
  /** Queues a shell request; requests are handled one at a time, in arrival order. */
  shell(message: Message): void;
  /** Handles a control request now (it does not wait behind the shell queue). */
  control(message: Message): Promise<void>;
  /** Resolves when the shell queue is empty (tests, shutdown). */
  drained(): Promise<void>;
  dispose(): Promise<void>;
}

interface Queued {
  message: Message;
  /** Set when an earlier execute_request failed with stop_on_error while this one waited. */
  aborted: boolean;
}

/**
 * Dispatch by msg_type with the guarantees clients rely on: busy before and
 * idle after every request (in `finally`), every failure answered in protocol
 * form or logged, and nothing a request does can stop the kernel.
 */
export function createKernelHandler(options: KernelHandlerOptions): KernelHandler {
  const { outbox, log } = options;
  const origin: Origin = { session: options.session, username: "kernel" };
  const counter = new ExecutionCounter();
  const history = new History();
  const queue: Queued[] = [];
  let running = false;
  let drainWaiters: Array<() => void> = [];
  let executor: Executor | undefined;
  let warmedUp = !options.warmUpAfterKernelInfo;

  const getExecutor = (): Executor => (executor ??= options.createExecutor());

  function scopeFor(message: Message, channel: "shell" | "control"): RequestScope {
    return new RequestScope(message, channel, outbox, origin);
  }

  async function pump(): Promise<void> {
    if (running) return;
    running = true;
    while (queue.length > 0) {
      const item = queue.shift()!;
      await withStatus(scopeFor(item.message, "shell"), (scope) => handleShell(scope, item));
    }
    running = false;
    const waiters = drainWaiters;
    drainWaiters = [];
    for (const wake of waiters) wake();
  }

  async function withStatus(scope: RequestScope, handle: (scope: RequestScope) => Promise<void> | void): Promise<void> {
    scope.status("busy");
    try {
      await handle(scope);
    } catch (error) {
      replyError(scope, error);
    } finally {
      scope.status("idle");
    }
  }

  async function handleShell(scope: RequestScope, item: Queued): Promise<void> {
    if (scope.msgType === "execute_request") {
      if (item.aborted) return replyAborted(scope, counter);
      return handleExecute(scope, { executor: getExecutor, counter, history, abortQueued: abortQueuedExecutes, cellTextLimitChars: options.cellTextLimitChars });
    }
    await handleCommon(scope);
  }

  /**
   * stop_on_error: the execute_requests received before the error's reply is
   * sent are aborted; one that arrives after it runs. Two turns of the event
   * loop first let the socket deliver what a blocking cell left waiting in it
   * (those were sent before the error too).
   */
  async function abortQueuedExecutes(): Promise<void> {
    await nextTurn();
    await nextTurn();
    for (const item of queue) if (item.message.header.msg_type === "execute_request") item.aborted = true;
  }

  /** Requests valid on both shell and control. */
  async function handleCommon(scope: RequestScope): Promise<void> {
    switch (scope.msgType) {
      case "kernel_info_request":
        handleKernelInfo(scope, options.identity);
        if (!warmedUp) {
          warmedUp = true;
          setImmediate(warmUp);
        }
        return;
      case "complete_request":
        return handleComplete(scope, getExecutor());
      case "inspect_request":
        return handleInspect(scope, getExecutor());
      case "is_complete_request":
        return handleIsComplete(scope, getExecutor());
      case "history_request":
        return handleHistory(scope, history);
      case "comm_info_request":
        return handleCommInfo(scope);
      case "comm_open":
        // No comm targets are registered: tell the front end the comm is closed, as ipykernel does.
        scope.publish("comm_close", { comm_id: String(scope.request.content.comm_id ?? ""), data: {} });
        return;
      case "comm_msg":
      case "comm_close":
        return;
      case "shutdown_request":
        return shutdown(scope);
      case "interrupt_request":
        // Normally answered by the I/O thread (transport/io-worker.ts); handled here too for clients that reach the handler directly.
        executor?.interrupt();
        scope.reply("interrupt_reply", { status: "ok" });
        return;
      default:
        return unknown(scope);
    }
  }

  function warmUp(): void {
    try {
      getExecutor();
    } catch (error) {
      log(`executor warm-up failed: ${(error as Error).message}`);
    }
  }

  async function shutdown(scope: RequestScope): Promise<void> {
    const restart = optionalField(scope.request.content, "restart", "boolean", "shutdown_request", false);
    scope.reply("shutdown_reply", { status: "ok", restart });
    scope.publish("shutdown_reply", { status: "ok", restart });
    await disposeExecutor();
    if (restart) counter.reset();
    options.onShutdown?.(restart);
  }

  async function disposeExecutor(): Promise<void> {
    const current = executor;
    executor = undefined;
    try {
      await current?.dispose();
    } catch (error) {
      log(`executor dispose failed: ${(error as Error).message}`);
    }
  }

  function unknown(scope: RequestScope): void {
    log(`${scope.channel}: unknown message type "${scope.msgType}"`);
    const base = /^(.*)_request$/.exec(scope.msgType)?.[1];
    if (base !== undefined) {
      scope.reply(`${base}_reply`, { status: "error", ename: "UnknownMessageType", evalue: `unknown message type "${scope.msgType}"`, traceback: [] });
    }
  }

  /** A request that could not be answered normally gets its own reply type with status "error". */
  function replyError(scope: RequestScope, error: unknown): void {
    const e = error instanceof Error ? error : new Error(String(error));
    log(`${scope.channel}: ${scope.msgType} failed: ${e.stack ?? e.message}`);
    const base = /^(.*)_request$/.exec(scope.msgType)?.[1];
    if (base === undefined) return;
    const content: Record<string, unknown> = { status: "error", ename: e.name, evalue: e.message, traceback: [] };
    if (scope.msgType === "execute_request") content.execution_count = counter.value;
    try {
      scope.reply(`${base}_reply`, content);
    } catch (sendError) {
      log(`${scope.channel}: could not send the error reply: ${(sendError as Error).message}`);
    }
  }

  return {
    shell(message) {
      queue.push({ message, aborted: false });
      void pump();
    },
    control(message) {
      return withStatus(scopeFor(message, "control"), handleCommon);
    },
    drained() {
      return running || queue.length > 0 ? new Promise((wake) => drainWaiters.push(wake)) : Promise.resolve();
    },
    dispose: disposeExecutor,
  };
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
