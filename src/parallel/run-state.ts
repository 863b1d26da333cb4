import type { OutputSink } from "../cell/output-sink";
import type { OutputEvent } from "./worker-reports";
import { CANCELLED, controlSlots, type JobSpec } from "./job";
import { pool } from "./pool";
import type { ChunkSpan, SendSpan } from "./timeline-record";
import { Tallies } from "./trace";

/** What a run records for its timeline (timeline-record.ts) while it runs. */
export interface TimelineRecording {
  /** Allocated once the chunks are cut (after auto grain's probe). */
  buffer?: Float64Array;
  sends: SendSpan[];
  probe?: ChunkSpan & { units: number };
}

/** One run in progress on the pool: its job, control flags, and the tallies its trace is built from. */
export interface RunState {
  spec: JobSpec;
  control: Int32Array;
  tallies: Tallies;
  dispatcher: { busyUs: number; copyUs: number };
  /** Set on the first failure or abort; dispatchers stop sending work. */
  stopped: boolean;
  failure: unknown;
  onFailure?: () => void;
  /** Where the workers' console output goes (the running cell, else this process's streams). */
  onEvent: (payload: unknown) => void;
  /** Present when the run records its task timeline. */
  recording?: TimelineRecording;
}

export function newRunState(spec: JobSpec, threadIds: readonly number[], sink?: OutputSink, recordTimeline = false): RunState {
  return {
    recording: recordTimeline ? { sends: [] } : undefined,
    onEvent: (payload) => forwardOutput(payload, sink),
    spec,
    control: new Int32Array(new SharedArrayBuffer(controlSlots(threadIds.length) * 4)),
    tallies: new Tallies(threadIds),
    dispatcher: { busyUs: 0, copyUs: 0 },
    stopped: false,
    failure: undefined,
  };
}

/** Stops sending work and raises the shared flag workers check before each chunk. */
export function stop(state: RunState): void {
  state.stopped = true;
  Atomics.store(state.control, CANCELLED, 1);
}

export function fail(state: RunState, error: unknown): void {
  if (state.failure === undefined) {
    state.failure = error;
    if (isDeadWorker(error)) pool.noteWorkerDied();
  }
  stop(state);
  state.onFailure?.();
}

function isDeadWorker(error: unknown): boolean {
  return error instanceof Error && /^Workerpool Worker (terminated|error)/.test(error.message);
}

function forwardOutput(payload: unknown, sink: OutputSink | undefined): void {
  const event = payload as Partial<OutputEvent> | null;
  if (!event || event.kind !== "output" || typeof event.text !== "string") return;
  const stream = event.stream === "stderr" ? "stderr" : "stdout";
  if (sink) sink.stream(stream, event.text);
  else process[stream].write(event.text);
}
