import { parentPort, workerData } from "node:worker_threads";
import { Publisher, Reply, Router } from "zeromq";
import { createChild, createHeader, createSigner, decode, encode, endpointFor, refusalOf, ReplayGuard, type Message } from "../protocol";
import { toBuffers, type FromIoThread, type IoThreadData, type ToIoThread } from "./io-thread-protocol";
import { IopubRelay } from "./iopub-relay";
import { logToStderr as log } from "./log";
import { ROUTER_OPTIONS } from "./router-options";
import { forceExitAfter, watchParent } from "./parent-watch";
import { framesZeroMqCopies } from "./copied-frames";
import { SerialSender } from "./serial-sender";
import { PipeReader } from "./shared-pipe";
import { StalledInterruptWatch } from "./stalled-interrupt";

/**
 * The I/O thread: owns the control, heartbeat and iopub sockets, so all three
 * work while a cell's synchronous loop blocks the main thread — the heartbeat
 * keeps beating, an interrupt gets through, and output the cell writes during
 * the loop reaches the notebook as it is written (the main thread writes
 * iopub messages and printed text into shared memory, read here by IopubRelay).
 *
 * interrupt_request is answered here, with busy/idle around it: the main thread
 * is signalled with SIGINT (which `vm`'s breakOnSigint turns into an exception
 * inside a busy loop, and the SIGINT guard into an interrupt request that rejects
 * the cell's pending await) and interrupt_reply is sent at once; if the main
 * thread then stays busy (a loop SIGINT cannot reach), the cell is told how to
 * get out (stalled-interrupt.ts).
 * Every other control request is
 * verified here and forwarded to the main thread, whose reply comes back here.
 */

const { info, session, iopubPipe, interruptFlags } = workerData as IoThreadData;
const port = parentPort!;
const signer = createSigner(info.key, info.signature_scheme);
/** Signatures seen on control, so a captured request (an interrupt, a shutdown) cannot be replayed. */
const replays = new ReplayGuard();
const origin = { session, username: "kernel" };
const post = (message: FromIoThread) => port.postMessage(message);

const LINGER_MS = 1000;
const control = new Router(ROUTER_OPTIONS);
const iopub = new Publisher({ linger: LINGER_MS });
const heartbeat = new Reply({ linger: 0 });
const controlSender = new SerialSender(control, "control", log);
const iopubSender = new SerialSender(iopub, "iopub", log);
const relay = new IopubRelay({ reader: new PipeReader(iopubPipe), signer, origin, send: (frames) => iopubSender.send(frames), log });
/** Seconds a main thread may stay busy after an interrupt before the notebook is told it cannot be stopped. */
const STALLED_INTERRUPT_MS = 3000;
const stalledInterrupts = new StalledInterruptWatch({
  interruptFlags,
  ping: (id) => post({ kind: "ping", id }),
  publishNotice: publishToLastCell,
  stallMs: STALLED_INTERRUPT_MS,
});

async function main(): Promise<void> {
  try {
    // Synchronous binds, as on the main thread (main-channels.ts).
    control.bindSync(endpointFor(info, "control_port"));
    iopub.bindSync(endpointFor(info, "iopub_port"));
    heartbeat.bindSync(endpointFor(info, "hb_port"));
  } catch (error) {
    for (const socket of [control, iopub, heartbeat]) socket.close();
    post({ kind: "failed", message: (error as Error).message });
    return;
  }
  port.on("message", onMainMessage);
  relay.start();
  stalledInterrupts.start();
  watchParent(onParentGone, process.env, PARENT_POLL_MS);
  post({ kind: "ready" });
  void echoHeartbeats();
  await serveControl();
}

async function serveControl(): Promise<void> {
  try {
    for await (const frames of control) onControlFrames(frames);
  } catch (error) {
    if (!control.closed) log(`control: receive loop stopped: ${(error as Error).message}`);
  }
}

function onControlFrames(frames: Buffer[]): void {
  let message: Message;
  try {
    message = decode(frames, signer, replays);
  } catch (error) {
    log(`control: ${refusalOf(error)}: ${(error as Error).message}`);
    return;
  }
  if (message.header.msg_type !== "interrupt_request") {
    post({ kind: "request", frames });
    return;
  }
  publishStatus(message, "busy");
  process.kill(process.pid, "SIGINT");
  stalledInterrupts.onInterrupt();
  void controlSender.send(encode(createChild(message, "interrupt_reply", { status: "ok" }, origin), signer));
  publishStatus(message, "idle");
  post({ kind: "interrupted", msgId: message.header.msg_id });
}

/** How often the parent is looked for, and how long the main thread has to exit cleanly once it is gone. */
const PARENT_POLL_MS = 500;
const CLEAN_EXIT_MS = 2000;

/**
 * Watched here, not on the main thread: a cell spinning in `while (true) {}`
 * would keep the main thread from ever noticing, and the orphan would spin forever.
 */
function onParentGone(): void {
  log("parent process is gone; exiting");
  post({ kind: "parentGone" });
  forceExitAfter(CLEAN_EXIT_MS);
}

/** Stderr of the cell that runs (or ran last), where the notebook shows it. */
function publishToLastCell(text: string): void {
  const message: Message = {
    identities: [Buffer.from("stream")],
    header: createHeader("stream", origin),
    parent_header: relay.lastExecuteParent() ?? {},
    metadata: {},
    content: { name: "stderr", text },
    buffers: [],
  };
  void iopubSender.send(encode(message, signer));
}

function publishStatus(parent: Message, state: "busy" | "idle"): void {
  const status = createChild(parent, "status", { execution_state: state }, origin);
  status.identities = [Buffer.from("status")];
  void iopubSender.send(encode(status, signer));
}

/** Heartbeat: echo each ping unchanged (https://jupyter-client.readthedocs.io/en/stable/messaging.html#heartbeat-for-kernels). */
async function echoHeartbeats(): Promise<void> {
  try {
    for await (const frames of heartbeat) await heartbeat.send(framesZeroMqCopies(frames));
  } catch (error) {
    if (!heartbeat.closed) log(`heartbeat stopped: ${(error as Error).message}`);
  }
}

function onMainMessage(message: ToIoThread): void {
  switch (message.kind) {
    case "control":
      return void controlSender.send(toBuffers(message.frames));
    case "close":
      return void closeAll();
    case "pong":
      return stalledInterrupts.onPong(message.id);
  }
}

async function closeAll(): Promise<void> {
  await relay.stop();
  await Promise.all([controlSender.flushed(), iopubSender.flushed()]);
  for (const socket of [control, iopub, heartbeat]) socket.close();
  port.off("message", onMainMessage);
  post({ kind: "closed" });
}

void main();
