import { parentPort, workerData } from "node:worker_threads";
import { Reply, Router } from "zeromq";
import { createChild, createSigner, decode, encode, endpointFor, SignatureError, type Message } from "../protocol";
import type { ControlThreadData, FromControlThread, ToControlThread } from "./control-protocol";
import { toBuffers } from "./control-protocol";
import { logToStderr as log } from "./log";
import { SerialSender } from "./serial-sender";

/**
 * The control thread: owns the control and heartbeat sockets so that both answer
 * while a cell's synchronous loop blocks the main thread.
 *
 * interrupt_request is answered here: the main thread is signalled with SIGINT
 * (which `vm`'s breakOnSigint turns into an exception inside a busy loop, and the
 * executor's SIGINT listener turns into a rejected await) and interrupt_reply is
 * sent at once. Every other control request is verified here and forwarded to
 * the main thread, which sends its reply back through this thread.
 */

const { info, session } = workerData as ControlThreadData;
const port = parentPort!;
const signer = createSigner(info.key, info.signature_scheme);
const origin = { session, username: "kernel" };
const post = (message: FromControlThread) => port.postMessage(message);

const control = new Router({ linger: 1000 });
const heartbeat = new Reply({ linger: 0 });
const controlSender = new SerialSender(control, "control", log);

async function main(): Promise<void> {
  try {
    await Promise.all([control.bind(endpointFor(info, "control_port")), heartbeat.bind(endpointFor(info, "hb_port"))]);
  } catch (error) {
    control.close();
    heartbeat.close();
    post({ kind: "failed", message: (error as Error).message });
    return;
  }
  port.on("message", onMainMessage);
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
    message = decode(frames, signer);
  } catch (error) {
    const what = error instanceof SignatureError ? "rejected a message with a bad signature" : "ignored a malformed message";
    log(`control: ${what}: ${(error as Error).message}`);
    return;
  }
  if (message.header.msg_type === "interrupt_request") {
    process.kill(process.pid, "SIGINT");
    void controlSender.send(encode(createChild(message, "interrupt_reply", { status: "ok" }, origin), signer));
    post({ kind: "interrupted", msgId: message.header.msg_id });
    return;
  }
  post({ kind: "request", frames });
}

/** Heartbeat: echo each ping unchanged (https://jupyter-client.readthedocs.io/en/stable/messaging.html#heartbeat-for-kernels). */
async function echoHeartbeats(): Promise<void> {
  try {
    for await (const frames of heartbeat) await heartbeat.send(frames);
  } catch (error) {
    if (!heartbeat.closed) log(`heartbeat stopped: ${(error as Error).message}`);
  }
}

function onMainMessage(message: ToControlThread): void {
  if (message.kind === "send") {
    void controlSender.send(toBuffers(message.frames));
    return;
  }
  void closeAll();
}

async function closeAll(): Promise<void> {
  await controlSender.flushed();
  control.close();
  heartbeat.close();
  port.off("message", onMainMessage);
  post({ kind: "closed" });
}

void main();
