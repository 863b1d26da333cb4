import type { Session } from "node:inspector";
import type { CpuProfile } from "./sampling";

/** One pool worker's profile. */
export interface WorkerSample {
  /** `worker 2`: the inspector's numbering of worker threads in this process. */
  thread: string;
  profile: CpuProfile;
}

/** The pool's worker entry (src/parallel/worker.ts): the kernel's other threads are not sampled. */
const poolWorkerScript = /\/parallel\/worker\.js$/;

/** How long a worker may take to hand its profile back before it is left out (a thread stuck or dying). */
const stopTimeoutMs = 2000;

interface AttachedWorker {
  thread: string;
  started: Promise<unknown>;
}

type Post = (method: string, params?: object) => Promise<unknown>;

/**
 * V8's profiler on every pool worker, driven from the main thread's inspector session
 * through the NodeWorker domain: the session attaches to each worker thread (those
 * running now and those the statement starts), and Profiler commands go to a worker as
 * messages the worker's own inspector answers, even while it runs a loop body. The
 * workers' code is not involved. A worker that ends before the stop (a pool resize or
 * replacement) takes its samples with it.
 */
export class PoolWorkerProfilers {
  private readonly attached = new Map<string, AttachedWorker>();
  private readonly pending = new Map<string, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly session: Session,
    private readonly post: Post,
    private readonly intervalUs: number,
  ) {
    session.on("NodeWorker.attachedToWorker", this.onAttached);
    session.on("NodeWorker.receivedMessageFromWorker", this.onMessage);
    session.on("NodeWorker.detachedFromWorker", this.onDetached);
  }

  start(): Promise<unknown> {
    return this.post("NodeWorker.enable", { waitForDebuggerOnStart: false });
  }

  /** Stops every worker's profiler and collects the profiles of those that answer. */
  async stop(): Promise<WorkerSample[]> {
    const samples = await Promise.all(
      [...this.attached].map(async ([sessionId, worker]) => {
        try {
          await worker.started;
          const { profile } = (await this.request(sessionId, "Profiler.stop", {}, stopTimeoutMs)) as { profile: CpuProfile };
          return { thread: worker.thread, profile };
        } catch {
          return undefined;
        }
      }),
    );
    await this.close();
    return samples.filter((sample): sample is WorkerSample => sample !== undefined);
  }

  /** Leaves the workers: their profilers stop with the detach. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.session.off("NodeWorker.attachedToWorker", this.onAttached);
    this.session.off("NodeWorker.receivedMessageFromWorker", this.onMessage);
    this.session.off("NodeWorker.detachedFromWorker", this.onDetached);
    this.attached.clear();
    await this.post("NodeWorker.disable").catch(() => undefined);
  }

  private readonly onAttached = (message: { params: { sessionId: string; workerInfo: { title: string; url: string } } }): void => {
    const { sessionId, workerInfo } = message.params;
    if (!poolWorkerScript.test(workerInfo.url)) return;
    const started = (async () => {
      await this.request(sessionId, "Profiler.enable");
      await this.request(sessionId, "Profiler.setSamplingInterval", { interval: this.intervalUs });
      await this.request(sessionId, "Profiler.start");
    })();
    started.catch(() => undefined); // reported by stop(), which leaves the worker out
    this.attached.set(sessionId, { thread: workerInfo.title.replace(/^\[(.*)\]$/, "$1"), started });
  };

  private readonly onMessage = (message: { params: { sessionId: string; message: string } }): void => {
    const reply = JSON.parse(message.params.message) as { id?: number; result?: unknown; error?: { message: string } };
    if (reply.id === undefined) return;
    const key = `${message.params.sessionId}:${reply.id}`;
    const waiting = this.pending.get(key);
    if (!waiting) return;
    this.pending.delete(key);
    if (reply.error) waiting.reject(new Error(reply.error.message));
    else waiting.resolve(reply.result);
  };

  private readonly onDetached = (message: { params: { sessionId: string } }): void => {
    this.attached.delete(message.params.sessionId);
    for (const [key, waiting] of this.pending) {
      if (key.startsWith(`${message.params.sessionId}:`)) {
        this.pending.delete(key);
        waiting.reject(new Error("the worker ended"));
      }
    }
  };

  private request(sessionId: string, method: string, params: object = {}, timeoutMs?: number): Promise<unknown> {
    const id = ++this.nextId;
    const key = `${sessionId}:${id}`;
    const reply = new Promise<unknown>((resolve, reject) => {
      this.pending.set(key, { resolve, reject });
      if (timeoutMs !== undefined) {
        setTimeout(() => {
          if (this.pending.delete(key)) reject(new Error(`no answer to ${method} in ${timeoutMs} ms`));
        }, timeoutMs).unref();
      }
    });
    this.post("NodeWorker.sendMessageToWorker", { sessionId, message: JSON.stringify({ id, method, params }) }).catch((error: Error) => {
      const waiting = this.pending.get(key);
      this.pending.delete(key);
      waiting?.reject(error);
    });
    return reply;
  }
}
