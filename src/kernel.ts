import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { ConverterClient } from "./execution/converter-client";
import { interruptFlags } from "./cell/interrupt-state";
import { installSigintGuard } from "./execution/sigint-guard";
import type { Executor } from "./execution/types";
import { createKernelHandler, type KernelHandler, type KernelIdentity, type Outbox } from "./handler";
import { packageRoot, packageVersion } from "./install/package-root";
import { UsageError } from "./errors";
import { createSigner, decode, encode, parseConnectionInfo, refusalOf, ReplayGuard, type ConnectionInfo, type Message, type Signer } from "./protocol";
import { bindMainChannels, debugLog, logToStderr as log, startIoThread, type IoThread, type MainChannels } from "./transport";

/**
 * The kernel process: connection file → sockets → handler → executor.
 * Shell and stdin are served here; control, heartbeat and iopub by the I/O
 * thread, so that they work while a cell blocks this thread.
 *
 * Start-up is kept short (kernel_info_reply well under a second): TypeScript is
 * not loaded on this thread. Its converter thread is started first of all, so that
 * the slowest part of the first result (TypeScript's checker over lib and @types,
 * ~1.5 s of CPU) overlaps this thread's own start-up; the execution module is
 * required when first needed, which the handler arranges right after the first
 * kernel_info_reply.
 */
/** Start-up normally takes a fraction of a second; this is the point where it has surely hung. */
const STARTUP_LIMIT_MS = 20_000;

/** Start-up milestones, logged when TSPARALLEL_DEBUG is set. */
const trace = (message: string) => debugLog(`${(performance.now() / 1000).toFixed(3)} s: ${message}`);

/** How long shutdown may take to dispose the executor and flush replies before the process exits anyway. */
const STOP_GRACE_MS = 3000;

export async function runKernel(connectionFile: string): Promise<void> {
  guardProcess();
  const info = readConnectionFile(connectionFile);
  const signer = createSigner(info.key, info.signature_scheme);
  const session = randomUUID();
  const cwd = process.cwd();
  // Shell messages and the control requests the I/O thread forwards (it keeps its own guard for
  // what it receives): a signed request captured on one channel cannot be run again on either.
  const replays = new ReplayGuard();
  let startingConverter: ConverterClient | undefined = startConverterThread(cwd);

  let channels: MainChannels | undefined;
  let io: IoThread | undefined;
  const outbox: Outbox = {
    reply(channel, message) {
      const frames = encodeOrLog(message, signer);
      if (!frames) return;
      if (channel === "shell") void channels?.sendShell(frames);
      else io?.sendControl(frames);
    },
    publish(message) {
      const frames = encodeOrLog(message, signer);
      if (frames) io?.publish(frames);
    },
    stream(request, name, text) {
      io?.stream(request, name, text);
    },
  };

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // Exit even if releasing the session's resources hangs: a kernel that will not die is worse.
    setTimeout(() => process.exit(code), STOP_GRACE_MS).unref();
    await handler.dispose();
    await Promise.all([channels?.close(), io?.close()]);
    process.exit(code);
  };

  const handler: KernelHandler = createKernelHandler({
    outbox,
    createExecutor: () => {
      // The converter started with the process serves the first executor; one made after a restart starts its own.
      const converter = startingConverter;
      startingConverter = undefined;
      return loadExecutor(cwd, converter);
    },
    identity: readIdentity(),
    session,
    log,
    warmUpAfterKernelInfo: true,
    cellTextLimitChars: cellTextLimitFromEnv(),
    // Exit for a restart too: jupyter_client starts a new process then, and waits for
    // this one to end (SIGTERM after 2.5 s, SIGKILL after 5 s), as ipykernel does.
    // A turn later, so that the shutdown request's idle status is in the iopub pipe
    // before the I/O thread drains and closes it.
    onShutdown: () => setImmediate(() => void stop(0)),
  });

  // A kernel that never answers is worse than one that fails: Jupyter reports a dead kernel and can restart it.
  const startupWatchdog = setTimeout(() => {
    log(`start-up did not finish within ${STARTUP_LIMIT_MS / 1000} s; exiting`);
    process.exit(1);
  }, STARTUP_LIMIT_MS);
  const [bound, , started] = await Promise.allSettled([
    Promise.resolve().then(() => bindMainChannels(info, log)),
    // Before any request is served: no cell may run while SIGINT can still kill the process.
    installSigintGuard(interruptFlags, log).then(() => trace("SIGINT guard in place")),
    startIoThread({
      info,
      session,
      interruptFlags,
      log,
      onControlRequest: (frames) => {
        const message = decodeOrLog(frames, signer, "control", replays);
        if (message) void handler.control(message);
      },
      // Logged by the I/O thread, which also forces the exit if this thread stays busy.
      onParentGone: () => void stop(0),
    }),
  ]);
  clearTimeout(startupWatchdog);
  if (bound.status === "rejected" || started.status === "rejected") {
    // Close what did start, or its sockets would keep the failed process alive.
    if (bound.status === "fulfilled") await bound.value.close();
    if (started.status === "fulfilled") await started.value.close();
    const reason = bound.status === "rejected" ? bound.reason : (started as PromiseRejectedResult).reason;
    throw new Error(`cannot bind the kernel's sockets on ${info.ip}: ${(reason as Error).message}`);
  }
  channels = bound.value;
  io = started.value;
  trace("sockets bound, I/O thread ready");
  channels.onShell((frames) => {
    const message = decodeOrLog(frames, signer, "shell", replays);
    if (message) handler.shell(message);
  });
  channels.onStdin((frames) => {
    const message = decodeOrLog(frames, signer, "stdin");
    if (message) log(`stdin: ignored ${message.header.msg_type} (this kernel does not request input)`);
  });
}

/**
 * TSPARALLEL_OUTPUT_LIMIT: the printed characters one cell may show (like
 * Jupyter's iopub_data_rate_limit, a knob for the rare user who needs more,
 * or less). A value that is not a positive integer is reported and ignored.
 */
function cellTextLimitFromEnv(): number | undefined {
  const raw = process.env.TSPARALLEL_OUTPUT_LIMIT;
  if (raw === undefined || raw === "") return undefined;
  const chars = Number(raw);
  if (Number.isSafeInteger(chars) && chars > 0) return chars;
  log(`TSPARALLEL_OUTPUT_LIMIT=${raw} is not a positive whole number of characters; using the default`);
  return undefined;
}

/** A connection file that cannot be read or parsed is the caller's mistake: one line, exit code 2. */
function readConnectionFile(file: string): ConnectionInfo {
  try {
    return parseConnectionInfo(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`connection file ${file}: ${(error as Error).message}`);
  }
}

function loadExecutor(cwd: string, converter: ConverterClient | undefined): Executor {
  // Required here, not imported at the top: the execution module pulls in the TypeScript front end.
  // Cells reach the executor through the magic layer, which rewrites `%timeit`/`%parallel` lines.
  const execution = require("./execution") as typeof import("./execution");
  const magics = require("./magics") as typeof import("./magics");
  return magics.createMagicExecutor(execution.createExecutor({ cwd, converter }));
}

/**
 * Starts the converter thread (it loads TypeScript on its own thread); only the small client
 * module is required on this one. A failure here is left to the executor, which starts a
 * converter of its own when it has none.
 */
function startConverterThread(cwd: string): ConverterClient | undefined {
  try {
    return (require("./execution/converter-client") as typeof import("./execution/converter-client")).startConverter(cwd);
  } catch (error) {
    log(`could not start the TypeScript converter early: ${(error as Error).message}`);
    return undefined;
  }
}

function readIdentity(): KernelIdentity {
  let typescriptVersion = "unknown";
  try {
    typescriptVersion = (require("@tslab/typescript-for-tslab/package.json") as { version: string }).version;
  } catch {
    // reported as "unknown" rather than failing kernel_info
  }
  return { implementationVersion: packageVersion(packageRoot()), typescriptVersion };
}

/** A message with a bad signature or shape, or a replayed copy, is logged and dropped, never acted on. */
function decodeOrLog(frames: Buffer[], signer: Signer, channel: string, replays?: ReplayGuard): Message | undefined {
  try {
    return decode(frames, signer, replays);
  } catch (error) {
    log(`${channel}: ${refusalOf(error)}: ${(error as Error).message}`);
    return undefined;
  }
}

function encodeOrLog(message: Message, signer: Signer): Buffer[] | undefined {
  try {
    return encode(message, signer);
  } catch (error) {
    log(`could not encode ${message.header.msg_type}: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * The kernel outlives what its cells do: SIGINT (Jupyter's interrupt_mode
 * "signal", and our own I/O thread) must never end it — this listener covers
 * start-up, the SIGINT guard (execution/sigint-guard.ts) the rest of the
 * process's life; errors thrown from cells' callbacks are logged.
 */
function guardProcess(): void {
  process.on("SIGINT", () => {});
  process.on("uncaughtException", (error) => log(`uncaught exception: ${error.stack ?? error.message}`));
  process.on("unhandledRejection", (reason) => log(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));
}
