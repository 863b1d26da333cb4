import { Router } from "zeromq";
import { endpointFor, type ConnectionInfo } from "../protocol";
import type { Log } from "./log";
import { ROUTER_OPTIONS } from "./router-options";
import { SerialSender } from "./serial-sender";

/**
 * The channels served by the main thread: shell (requests, handled one at a
 * time) and stdin. Control, heartbeat and iopub live on the I/O thread
 * (io-thread.ts) so they work while a cell blocks this one.
 */
export interface MainChannels {
  sendShell(frames: Buffer[]): Promise<void>;
  sendStdin(frames: Buffer[]): Promise<void>;
  /** Starts delivering shell messages, raw frames, in arrival order. */
  onShell(receive: (frames: Buffer[]) => void): void;
  /** Starts delivering stdin messages (input_reply); none are expected today. */
  onStdin(receive: (frames: Buffer[]) => void): void;
  close(): Promise<void>;
}


export function bindMainChannels(info: ConnectionInfo, log: Log): MainChannels {
  const shell = new Router(ROUTER_OPTIONS);
  const stdin = new Router(ROUTER_OPTIONS);
  try {
    // bindSync: a bind takes microseconds, and the async bind waits for a libuv
    // threadpool slot and a completion callback — one more way to stall start-up.
    shell.bindSync(endpointFor(info, "shell_port"));
    stdin.bindSync(endpointFor(info, "stdin_port"));
  } catch (error) {
    shell.close();
    stdin.close();
    throw error;
  }
  const shellSender = new SerialSender(shell, "shell", log);
  const stdinSender = new SerialSender(stdin, "stdin", log);
  return {
    sendShell: (frames) => shellSender.send(frames),
    sendStdin: (frames) => stdinSender.send(frames),
    onShell: (receive) => void readLoop(shell, "shell", receive, log),
    onStdin: (receive) => void readLoop(stdin, "stdin", receive, log),
    async close() {
      await Promise.all([shellSender.flushed(), stdinSender.flushed()]);
      shell.close();
      stdin.close();
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
