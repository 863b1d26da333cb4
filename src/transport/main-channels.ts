import { Publisher, Router } from "zeromq";
import { endpointFor, type ConnectionInfo } from "../protocol";
import type { Log } from "./log";
import { SerialSender } from "./serial-sender";

/**
 * The channels served by the main thread: shell (requests, one at a time),
 * iopub (broadcasts) and stdin. Control and heartbeat live on their own thread
 * (control-thread.ts) so they answer while a cell blocks this one.
 */
export interface MainChannels {
  sendShell(frames: Buffer[]): Promise<void>;
  publish(frames: Buffer[]): Promise<void>;
  sendStdin(frames: Buffer[]): Promise<void>;
  /** Starts delivering shell messages, raw frames, in arrival order. */
  onShell(receive: (frames: Buffer[]) => void): void;
  /** Starts delivering stdin messages (input_reply); none are expected today. */
  onStdin(receive: (frames: Buffer[]) => void): void;
  close(): Promise<void>;
}

/** How long close() lets queued replies (shutdown_reply) reach the client. */
const LINGER_MS = 1000;

export async function bindMainChannels(info: ConnectionInfo, log: Log): Promise<MainChannels> {
  const shell = new Router({ linger: LINGER_MS });
  const stdin = new Router({ linger: LINGER_MS });
  const iopub = new Publisher({ linger: LINGER_MS });
  const sockets = [shell, stdin, iopub];
  try {
    await Promise.all([
      shell.bind(endpointFor(info, "shell_port")),
      stdin.bind(endpointFor(info, "stdin_port")),
      iopub.bind(endpointFor(info, "iopub_port")),
    ]);
  } catch (error) {
    for (const socket of sockets) socket.close();
    throw error;
  }
  const shellSender = new SerialSender(shell, "shell", log);
  const stdinSender = new SerialSender(stdin, "stdin", log);
  const iopubSender = new SerialSender(iopub, "iopub", log);
  return {
    sendShell: (frames) => shellSender.send(frames),
    publish: (frames) => iopubSender.send(frames),
    sendStdin: (frames) => stdinSender.send(frames),
    onShell: (receive) => void readLoop(shell, "shell", receive, log),
    onStdin: (receive) => void readLoop(stdin, "stdin", receive, log),
    async close() {
      await Promise.all([shellSender.flushed(), stdinSender.flushed(), iopubSender.flushed()]);
      for (const socket of sockets) socket.close();
    },
  };
}

async function readLoop(socket: Router, name: string, receive: (frames: Buffer[]) => void, log: Log): Promise<void> {
  try {
    for await (const frames of socket) {
      try {
        receive(frames);
      } catch (error) {
        log(`${name}: dropped a message: ${(error as Error).message}`);
      }
    }
  } catch (error) {
    if (!socket.closed) log(`${name}: receive loop stopped: ${(error as Error).message}`);
  }
}
