import * as path from "node:path";
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import type { ConverterReplies, ConverterReply, ConverterRequest, ConverterWorkerData } from "./converter-protocol";
import { nodeTypesRoot, packageRoot } from "./package-paths";

/** How long a synchronous request (complete, inspect, is_complete) may block the kernel. */
const syncTimeoutMs = 30_000;

/**
 * The executor's handle on the converter worker. Asynchronous requests (convert) keep the
 * main thread free while TypeScript works; synchronous ones block on a shared flag, because
 * the Executor interface answers complete/inspect/is_complete synchronously.
 */
export interface ConverterClient {
  request<Op extends ConverterRequest["op"]>(request: Extract<ConverterRequest, { op: Op }>): Promise<ConverterReplies[Op]>;
  requestSync<Op extends ConverterRequest["op"]>(request: Extract<ConverterRequest, { op: Op }>): ConverterReplies[Op];
  /** True once the worker has stopped (crashed or exited); a new client must be started. */
  failed(): boolean;
  close(): Promise<void>;
}

export function startConverter(cwd: string): ConverterClient {
  const syncFlag = new SharedArrayBuffer(4);
  const flag = new Int32Array(syncFlag);
  const { port1: syncPort, port2: workerSyncPort } = new MessageChannel();
  const workerData: ConverterWorkerData & { syncPort: MessagePort } = {
    cwd: path.resolve(cwd),
    packageRoot: packageRoot(),
    nodeTypesRoot: nodeTypesRoot(),
    syncFlag,
    syncPort: workerSyncPort,
  };
  const worker = new Worker(path.join(__dirname, "converter-worker.js"), {
    workerData,
    transferList: [workerSyncPort],
  });
  worker.unref();

  let nextId = 1;
  let failure: Error | undefined;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const failAll = (error: Error) => {
    failure = error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on("message", (message: ConverterReply | { ready: true }) => {
    if (!("id" in message)) return;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new Error(`TypeScript converter failed: ${message.error}`));
  });
  worker.on("error", (error) => failAll(new Error(`TypeScript converter stopped: ${error.message}`, { cause: error })));
  worker.on("exit", (code) => failAll(new Error(`TypeScript converter exited with code ${code}`)));

  return {
    request(request) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        // A pending conversion keeps the process alive, like any awaited I/O.
        worker.ref();
        worker.postMessage({ id, request });
      }).finally(() => {
        if (pending.size === 0) worker.unref();
      }) as never;
    },
    requestSync(request) {
      if (failure) throw failure;
      const id = nextId++;
      Atomics.store(flag, 0, 0);
      syncPort.postMessage({ id, request });
      const deadline = Date.now() + syncTimeoutMs;
      for (;;) {
        const received = receiveMessageOnPort(syncPort) as { message: ConverterReply } | undefined;
        if (received && received.message.id === id) {
          if (received.message.ok) return received.message.value as never;
          throw new Error(`TypeScript converter failed: ${received.message.error}`);
        }
        if (received) continue; // a late reply to a request that timed out
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`TypeScript converter did not answer within ${syncTimeoutMs / 1000} s`);
        Atomics.wait(flag, 0, 0, Math.min(remaining, 50));
        Atomics.store(flag, 0, 0);
      }
    },
    failed: () => failure !== undefined,
    async close() {
      syncPort.close();
      await worker.terminate();
    },
  };
}
