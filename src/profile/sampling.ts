import { Session, type Profiler } from "node:inspector";
import { PoolWorkerProfilers, type WorkerSample } from "./worker-sampling";

/** V8's profile as `Profiler.stop` gives it: the `.cpuprofile` format DevTools and speedscope open. */
export type CpuProfile = Profiler.Profile;

export interface SampledRun<T> {
  value: T;
  profile: CpuProfile;
  /** The pool workers' profiles, one per worker thread that ran during the statement. */
  workers: WorkerSample[];
}

let running = 0;

/** How many `sampleCpu` calls have their profiler running now: 0 once every run has stopped, however it ended. */
export function runningProfilers(): number {
  return running;
}

/**
 * Runs `fn` under V8's sampling CPU profiler on this thread, through an inspector Session
 * connected to the thread itself, and on every pool worker through the same session
 * (worker-sampling.ts). V8 takes the samples from its own profiler thread, so
 * a statement that never yields is sampled too. The profiler is stopped and the session
 * closed on every path: `fn` returns, throws, or `signal` aborts (an interrupt), in which
 * case the wait for `fn` is abandoned with the signal's reason.
 */
export async function sampleCpu<T>(fn: () => T | PromiseLike<T>, intervalUs: number, signal?: AbortSignal): Promise<SampledRun<T>> {
  const session = new Session();
  session.connect();
  const workers = new PoolWorkerProfilers(session, (method, params) => post(session, method, params), intervalUs);
  let started = false;
  try {
    await workers.start();
    await post(session, "Profiler.enable");
    await post(session, "Profiler.setSamplingInterval", { interval: intervalUs });
    await post(session, "Profiler.start");
    started = true;
    running += 1;
    const value = await untilAborted(Promise.resolve().then(fn), signal);
    started = false;
    running -= 1;
    const { profile } = (await post(session, "Profiler.stop")) as Profiler.StopReturnType;
    return { value, profile, workers: await workers.stop() };
  } finally {
    if (started) {
      running -= 1;
      await post(session, "Profiler.stop").catch(() => undefined);
    }
    await workers.close();
    session.disconnect();
  }
}

function post(session: Session, method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** `work`, or the signal's reason as soon as it aborts: an interrupted cell stops waiting at once. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(signal.reason);
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  work.catch(() => undefined); // an abandoned statement's later failure is not unhandled
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener("abort", onAbort));
}
