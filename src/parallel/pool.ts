import os from "node:os";
import path from "node:path";
import workerpool from "workerpool";
import { currentCell } from "../cell/context";
import { registerSessionDisposer } from "../cell/session-disposers";
import { checkWorkerCount } from "./options";
import { idleCloseMs, isOversubscribed, oversubscriptionWarning } from "./oversubscription";
import type { WarmReport } from "./worker-reports";

type WorkerpoolPool = ReturnType<typeof workerpool.pool>;

export interface PoolStats {
  /** Threads the pool keeps (its size). */
  workers: number;
  /** Threads alive right now (0 before first use and after close). */
  alive: number;
  busy: number;
  pendingTasks: number;
  /** Tasks sent to workers since the pool was created (all generations). */
  tasksRun: number;
  /** Workers replaced after dying (exit, out of memory) or after an interrupt. */
  replacements: number;
  /** Measured workerpool round trip per task, µs (undefined until measured). */
  perTaskCostUs: number | undefined;
  /** Measured cost of one Atomics claim in shared dispatch, µs. */
  claimCostUs: number | undefined;
  /** Per-worker heap limit in MB (resourceLimits.maxOldGenerationSizeMb), if set. */
  memoryLimitMb: number | undefined;
}

export interface PoolConfig {
  workers?: number;
  /** Old-generation heap limit per worker; a body that exceeds it kills only its worker. */
  memoryLimitMb?: number;
}

/** The compiled worker entry next to this file (dist/src/parallel/worker.js). */
const WORKER_SCRIPT = path.join(__dirname, "worker.js");

/**
 * The process's worker pool: thread workers from workerpool, created on first use.
 * workerpool cannot change its size in place, so a resize closes the current pool and
 * the next run starts a new one. Runs take the pool one at a time (`exclusive`), so a
 * run's trace sees only its own tasks and shared dispatch gets one worker per task.
 */
export class ParallelPool {
  private wp: WorkerpoolPool | undefined;
  private unregisterDisposer: (() => void) | undefined;
  private warming: Promise<WarmReport[]> | undefined;
  private size = Math.max(1, os.availableParallelism());
  private memoryLimitMb: number | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private taskCount = 0;
  private replaced = 0;
  private taskCostUs: number | undefined;
  private claimCost: number | undefined;
  private idleClose: NodeJS.Timeout | undefined;

  get workers(): number {
    return this.size;
  }

  /** Changes the size (and/or memory limit); running work finishes first. */
  async configure(config: PoolConfig): Promise<void> {
    const workers = config.workers === undefined ? this.size : checkWorkerCount(config.workers);
    const memoryLimitMb = "memoryLimitMb" in config ? config.memoryLimitMb : this.memoryLimitMb;
    if (memoryLimitMb !== undefined && !(Number.isFinite(memoryLimitMb) && memoryLimitMb >= 8)) {
      throw new RangeError(`memoryLimitMb must be a number >= 8, not ${memoryLimitMb}`);
    }
    if (workers === this.size && memoryLimitMb === this.memoryLimitMb) return;
    await this.exclusive(async () => {
      await this.shutdown(false);
      this.size = workers;
      this.memoryLimitMb = memoryLimitMb;
      this.taskCostUs = undefined;
    });
  }

  resize(workers: number): Promise<void> {
    return this.configure({ workers });
  }

  /**
   * Terminates every thread now, without waiting for a running body (a kernel that
   * shuts down or restarts must not leave threads behind); a run in progress fails.
   * The next run starts a new pool.
   */
  close(): Promise<void> {
    return this.shutdown(true);
  }

  stats(): PoolStats {
    const s = this.wp?.stats();
    return {
      workers: this.size,
      alive: s?.totalWorkers ?? 0,
      busy: s?.busyWorkers ?? 0,
      pendingTasks: s?.pendingTasks ?? 0,
      tasksRun: this.taskCount,
      replacements: this.replaced,
      perTaskCostUs: this.taskCostUs,
      claimCostUs: this.claimCost,
      memoryLimitMb: this.memoryLimitMb,
    };
  }

  /** Runs `fn` with the pool to itself; runs queue behind each other. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const start = () => {
      this.cancelIdleClose();
      return fn();
    };
    const run = this.tail.then(start, start);
    this.tail = run.catch(() => undefined).finally(() => this.closeWhenIdle());
    return run;
  }

  /** An oversubscribed pool (oversubscription.ts) closes its threads once no run has come for a while. */
  private closeWhenIdle(): void {
    if (!this.wp || !isOversubscribed(this.size)) return;
    this.cancelIdleClose();
    this.idleClose = setTimeout(() => {
      this.idleClose = undefined;
      void this.exclusive(() => this.shutdown(false));
    }, idleCloseMs);
    this.idleClose.unref();
  }

  private cancelIdleClose(): void {
    clearTimeout(this.idleClose);
    this.idleClose = undefined;
  }

  /**
   * Starts the threads (if needed) and waits until each has loaded the entry and
   * measured its claim cost, so a run's trace does not include thread start-up.
   * P concurrent tasks land on P distinct workers: workerpool gives a task to the
   * first idle worker and counts a starting worker as busy.
   */
  async ready(): Promise<WarmReport[]> {
    if (!this.wp) {
      if (isOversubscribed(this.size)) warn(oversubscriptionWarning(this.size));
      this.wp = workerpool.pool(WORKER_SCRIPT, {
        workerType: "thread",
        maxWorkers: this.size,
        minWorkers: "max",
        // A thread stuck in a body never reads workerpool's terminate message; it is
        // killed after this timeout (default 1000 ms, too long for an interrupt).
        workerTerminateTimeout: 100,
        workerThreadOpts:
          this.memoryLimitMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: this.memoryLimitMb } },
      });
      this.warming = undefined;
      // The kernel runs session disposers on shutdown and restart: no thread outlives the session.
      this.unregisterDisposer ??= registerSessionDisposer(() => this.close());
    }
    this.warming ??= Promise.all(Array.from({ length: this.size }, () => this.exec<WarmReport>("warm", [])));
    try {
      const reports = await this.warming;
      this.claimCost = Math.min(...reports.map((r) => r.claimCostUs));
      return reports;
    } catch (error) {
      this.warming = undefined;
      throw error;
    }
  }

  /** One task on some idle worker; `onEvent` receives what the worker emits while it runs. Internal to the runtime. */
  exec<T>(method: string, params: unknown[], transfer?: Transferable[], onEvent?: (payload: unknown) => void): Promise<T> {
    if (!this.wp) throw new Error("the pool is not started (call ready() first)");
    this.taskCount++;
    const options = {
      ...(transfer && transfer.length > 0 ? { transfer: transfer as object[] } : {}),
      on: onEvent ?? (() => {}),
    };
    return Promise.resolve(this.wp.exec(method, params, options) as PromiseLike<T>);
  }

  /**
   * Drops the current threads at once (terminating any stuck in a body) after an
   * interrupt or a failure that left tasks running; the next run starts fresh threads.
   */
  async replaceWorkers(): Promise<void> {
    this.replaced += this.wp?.stats().totalWorkers ?? 0;
    await this.shutdown(true);
  }

  /** Counts a worker workerpool replaced after it died. */
  noteWorkerDied(): void {
    this.replaced++;
    this.warming = undefined;
  }

  recordTaskCost(us: number): void {
    this.taskCostUs = us;
  }

  private async shutdown(force: boolean): Promise<void> {
    const wp = this.wp;
    this.wp = undefined;
    this.warming = undefined;
    this.unregisterDisposer?.();
    this.unregisterDisposer = undefined;
    if (wp) await wp.terminate(force);
  }
}

/** To the running cell's stderr, else the process's. */
function warn(text: string): void {
  const sink = currentCell()?.sink;
  if (sink) sink.stream("stderr", text);
  else process.stderr.write(text);
}

/** The pool every library call uses. */
export const pool = new ParallelPool();

/** Closes the pool's threads; the kernel calls this on shutdown and restart. */
export function closePool(): Promise<void> {
  return pool.close();
}
