/**
 * The task timeline of one run: when the calling thread sent each task, and when each
 * chunk started and ended on which worker.
 *
 * Workers write a chunk's times straight into a buffer the calling thread allocated
 * before the run, a SharedArrayBuffer with TIMELINE_SLOTS Float64 slots per chunk at
 * the chunk's index: no message per event and no allocation per chunk, so recording
 * costs a few stores and (under shared dispatch) one clock read per chunk.
 *
 * One clock for every lane: all times are `nowUs()` (src/timing/clocks.ts), the
 * process-wide CLOCK_MONOTONIC in microseconds that each thread reads through its own
 * `performance.now()` plus an offset it measured against `process.hrtime` when it
 * loaded. `performance.timeOrigin + performance.now()` was not used: a worker's origin
 * differs from the main thread's by ~20 µs here, more than a chunk of Example 1 lasts.
 */

/** Float64 slots per chunk: dispatched, started, ended, worker thread id. */
export const TIMELINE_SLOTS = 4;
export const DISPATCHED = 0;
export const STARTED = 1;
export const ENDED = 2;
/** 0 until the chunk ran: pool workers' thread ids start at 1 (0 is the main thread). */
export const THREAD = 3;

/** One chunk as it ran, on the shared clock (µs). */
export interface ChunkSpan {
  chunk: number;
  threadId: number;
  /**
   * When the calling thread began sending the task that carried the chunk (message
   * dispatch: the chunk's own task) or that claimed it (shared dispatch: the worker's
   * one long task, so every chunk of that worker shares it).
   */
  dispatchedUs: number;
  startUs: number;
  endUs: number;
}

/** Something the calling thread sent: a task's message (copying its inputs included under copy transport). */
export interface SendSpan {
  label: string;
  startUs: number;
  endUs: number;
}

/**
 * How the chunks' start and end were read: message dispatch reads the clock around the
 * body already (two reads per chunk); shared dispatch reads it once per chunk, after the
 * body, so a chunk starts where the worker's previous one ended and its bar includes
 * its claim (Atomics.add, ~0.02 µs): no gap between a worker's chunks is recorded there.
 */
export type ChunkClock = "start and end" | "one read per chunk";

export interface RunTimeline {
  /** The chunks that ran, in chunk order (a cancelled run leaves some out). */
  chunks: ChunkSpan[];
  /** The calling thread's sends, in order. */
  sends: SendSpan[];
  /** Auto grain's probe, run before the chunks were cut (its units are not a chunk). */
  probe?: ChunkSpan & { units: number };
  clock: ChunkClock;
}

/** The buffer of the last recorded run, reused by the next (runs take the pool one at a time). */
let spare: Float64Array | undefined;

/**
 * A run's timeline buffer for `chunks` chunks, zeroed (THREAD 0 marks a chunk that never
 * ran). The buffer is kept from run to run and grows when a run needs more: a fresh one
 * is paid for in first-touch page faults while the workers write it, inside the run it
 * records (10^6 empty chunks, 32 MB: ~0.3 µs per chunk on this VM, against ~0.1 µs for
 * the clock read, measured with the machine's load near 7); zeroing a reused one costs
 * a memset.
 */
export function timelineBuffer(chunks: number): Float64Array {
  const length = Math.max(1, chunks) * TIMELINE_SLOTS;
  if (!spare || spare.length < length) spare = new Float64Array(new SharedArrayBuffer(length * 8));
  const buffer = spare.subarray(0, length);
  buffer.fill(0);
  return buffer;
}

/** The chunks a buffer recorded, in chunk order; those that never ran are left out. */
export function chunkSpans(buffer: Float64Array): ChunkSpan[] {
  const spans: ChunkSpan[] = [];
  for (let chunk = 0, at = 0; at < buffer.length; chunk++, at += TIMELINE_SLOTS) {
    const threadId = buffer[at + THREAD]!;
    if (threadId === 0) continue;
    spans.push({ chunk, threadId, dispatchedUs: buffer[at + DISPATCHED]!, startUs: buffer[at + STARTED]!, endUs: buffer[at + ENDED]! });
  }
  return spans;
}
