import { join } from "node:path";
import { Worker } from "node:worker_threads";

/**
 * Keeps SIGINT from ever ending the kernel process.
 *
 * Why a listener is not enough: Node handles SIGINT three ways in turn. While
 * a `vm` script runs with `breakOnSigint` (every cell does), its C++ watchdog
 * helper owns the signal; when the last such script ends, the helper installs
 * Node's `SignalExit` handler, which kills the process; and `vm` removes every
 * `process.on("SIGINT")` listener around the script, so libuv restores the
 * default action (kill) before the helper starts. Each cell opens both windows
 * for some microseconds: a `kill -INT` every 5 ms ended the kernel within
 * seconds, and so did `interrupt_request` storms (the I/O thread raises SIGINT).
 *
 * The fix keeps both of Node's switches from ever flipping back:
 * - a libuv SIGINT handle that no `removeAllListeners` can close, so libuv never
 *   restores the default action (it does so only when its last handle stops);
 * - a worker thread that sits inside nested `breakOnSigint` scripts for the
 *   process's lifetime, so the helper's start/stop count never returns to zero
 *   and it never installs `SignalExit`.
 * SIGINT then always reaches the helper, which hands it to the most recently
 * started script: the cell's, when one runs (breaking its loop, as before), or
 * else the guard's, which turns it into an interrupt request on the shared flags
 * (cell/interrupt-state.ts: it abandons a cell's pending await, and is dropped when no
 * cell runs, as ipykernel ignores an interrupt between cells).
 *
 * Resolves when the guard is in place (or could not be: then it logs, and the
 * kernel runs as before).
 */
export function installSigintGuard(interruptFlags: SharedArrayBuffer, log: (message: string) => void): Promise<void> {
  try {
    holdLibuvSigintHandle();
  } catch (error) {
    log(`SIGINT guard not installed: ${(error as Error).message}`);
    return Promise.resolve();
  }
  const worker = new Worker(join(__dirname, "sigint-guard-worker.js"), {
    workerData: { interruptFlags } satisfies SigintGuardData,
    stdout: false,
    stderr: false,
  });
  // It never ends by itself; it must not keep the process alive either.
  worker.unref();
  return new Promise((resolve) => {
    worker.once("message", () => resolve());
    worker.once("error", (error) => {
      log(`SIGINT guard failed: ${error.stack ?? error.message}`);
      resolve();
    });
  });
}

export interface SigintGuardData {
  interruptFlags: SharedArrayBuffer;
}

interface SignalHandle {
  onsignal: (signal: number) => void;
  start(signal: number): number;
  unref(): void;
}

let held: SignalHandle | undefined;

/**
 * A SIGINT handle of libuv's own, outside `process.on`, so that `vm`'s removal
 * of the SIGINT listeners never leaves libuv without one. Node offers it only
 * through the deprecated `process.binding` (DEP0111); its warning is not for
 * notebook users, so it is silenced for this one call.
 */
function holdLibuvSigintHandle(): void {
  if (held) return;
  const quiet = process.noDeprecation;
  process.noDeprecation = true;
  let binding: { Signal: new () => SignalHandle };
  try {
    binding = (process as unknown as { binding(name: string): { Signal: new () => SignalHandle } }).binding("signal_wrap");
  } finally {
    process.noDeprecation = quiet;
  }
  const handle = new binding.Signal();
  handle.onsignal = () => {};
  const status = handle.start(2 /* SIGINT */);
  if (status !== 0) throw new Error(`libuv refused a SIGINT handle (status ${status})`);
  handle.unref();
  held = handle;
}

const listeners = new Set<() => void>();

function dispatch(): void {
  for (const listener of listeners) listener();
}

/**
 * Subscribes to SIGINT for as long as any executor lives: the way an interrupt reaches an
 * executor where no guard is installed (it runs outside the kernel, or the guard could not
 * start). Having a listener at all keeps the process alive on SIGINT (Node's default is to
 * exit); with no cell running the signal is simply ignored. While a cell's code runs under
 * `vm`'s `breakOnSigint`, Node hands the signal to the script instead, and once the guard
 * is in place its scripts take every other SIGINT, so this listener is no longer called.
 */
export function onSigint(listener: () => void): () => void {
  if (listeners.size === 0) process.on("SIGINT", dispatch);
  listeners.add(listener);
  return () => {
    if (listeners.delete(listener) && listeners.size === 0) process.off("SIGINT", dispatch);
  };
}
