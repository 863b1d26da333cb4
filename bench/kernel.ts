/**
 * Kernel start-up and trivial-cell latency, this kernel against tslab, in one run.
 *
 *   npm run build && npm run bench:kernel [-- --runs N --cells M]
 *
 * ready: launch of the process → kernel_info_reply received (what a notebook
 *        waits for before it shows the kernel as idle).
 * first cell: the first `1+1` after ready (pays for warming the TypeScript front end).
 * trivial cell: execute_request → execute_reply for `1+1`, warm; median of M.
 * Every figure is the median over N launches. Both kernels run with the
 * repository as working directory and are driven by the same ZeroMQ client.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Dealer } from "zeromq";
import { createHeader, createSigner, decode, encode, type ConnectionInfo, type Message, type Signer } from "../src/protocol";
import { median } from "../src/timing/median";

const root = resolve(__dirname, "..", "..");

/** A kernel that has not answered by then is reported as failed rather than waited on forever. */
const REPLY_LIMIT_MS = 60_000;

interface KernelUnderTest {
  name: string;
  argv(connectionFile: string): string[];
}

const kernels: KernelUnderTest[] = [
  { name: "tsparallel", argv: (file) => [join(root, "dist", "src", "cli.js"), "kernel", "--connection-file", file] },
  // tslab's CLI (node_modules/tslab/dist/main.js): `tslab kernel --config-path <connection file>`.
  { name: "tslab", argv: (file) => [join(root, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", file] },
];

interface RunFigures {
  readyMs: number;
  firstCellMs: number;
  trivialCellMs: number;
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<import("node:net").Server>((done) => {
      const server = createServer();
      server.listen(0, "127.0.0.1", () => done(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
  return ports;
}

class Client {
  readonly shell = new Dealer({ reconnectInterval: 5 });
  readonly control = new Dealer({ reconnectInterval: 5 });
  constructor(readonly info: ConnectionInfo, readonly signer: Signer) {
    this.shell.connect(`tcp://127.0.0.1:${info.shell_port}`);
    this.control.connect(`tcp://127.0.0.1:${info.control_port}`);
  }

  async request(socket: Dealer, msgType: string, content: Record<string, unknown>): Promise<Message> {
    const message: Message = { identities: [], header: createHeader(msgType, { session: "bench", username: "bench" }), parent_header: {}, metadata: {}, content, buffers: [] };
    await socket.send(encode(message, this.signer));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no ${msgType.replace(/_request$/, "_reply")} within ${REPLY_LIMIT_MS / 1000} s`)), REPLY_LIMIT_MS);
    });
    try {
      for (;;) {
        const reply = decode(await Promise.race([socket.receive(), timeout]), this.signer);
        if ((reply.parent_header as { msg_id?: string }).msg_id === message.header.msg_id) return reply;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.shell.close();
    this.control.close();
  }
}

async function measure(kernel: KernelUnderTest, cells: number): Promise<RunFigures> {
  const dir = mkdtempSync(join(tmpdir(), "tsparallel-bench-"));
  const [shell, control, iopub, stdin, hb] = await freePorts(5);
  const info: ConnectionInfo = { transport: "tcp", ip: "127.0.0.1", key: "bench-key", signature_scheme: "hmac-sha256", shell_port: shell!, control_port: control!, iopub_port: iopub!, stdin_port: stdin!, hb_port: hb! };
  const file = join(dir, "connection.json");
  writeFileSync(file, JSON.stringify(info));
  const client = new Client(info, createSigner(info.key, info.signature_scheme));
  const launched = performance.now();
  const child: ChildProcess = spawn(process.execPath, kernel.argv(file), { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise((done) => child.on("exit", done));
  try {
    await client.request(client.shell, "kernel_info_request", {});
    const readyMs = performance.now() - launched;
    const execute = async () => {
      const start = performance.now();
      const reply = await client.request(client.shell, "execute_request", { code: "1+1", silent: false, store_history: true });
      if (reply.content.status !== "ok") throw new Error(`${kernel.name}: 1+1 failed: ${JSON.stringify(reply.content)}`);
      return performance.now() - start;
    };
    const firstCellMs = await execute();
    const times: number[] = [];
    for (let i = 0; i < cells; i++) times.push(await execute());
    return { readyMs, firstCellMs, trivialCellMs: median(times) };
  } catch (error) {
    throw new Error(`${kernel.name}: ${(error as Error).message}; its stderr:\n${stderr.slice(-4000)}`);
  } finally {
    await client.request(client.control, "shutdown_request", { restart: false }).catch(() => undefined);
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
    client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}


function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer`);
  return value;
}

async function main(): Promise<void> {
  const runs = option("runs", 5);
  const cells = option("cells", 20);
  const cpu = cpus();
  process.stdout.write(`machine: ${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores; node ${process.version}\n`);
  process.stdout.write(`median of ${runs} launches per kernel (interleaved); trivial cell = median of ${cells} warm \`1+1\` round trips\n\n`);
  const results = new Map<string, RunFigures[]>(kernels.map((k) => [k.name, []]));
  // Interleave the kernels so that background load on a shared machine hits both alike.
  for (let run = 0; run < runs; run++) {
    for (const kernel of kernels) results.get(kernel.name)!.push(await measure(kernel, cells));
  }
  const rows = kernels.map((k) => {
    const figures = results.get(k.name)!;
    const pick = (key: keyof RunFigures) => median(figures.map((f) => f[key])).toFixed(1).padStart(12);
    return `${k.name.padEnd(12)}${pick("readyMs")}${pick("firstCellMs")}${pick("trivialCellMs")}`;
  });
  process.stdout.write(`${"kernel".padEnd(12)}${"ready ms".padStart(12)}${"1st cell ms".padStart(12)}${"cell ms".padStart(12)}\n${rows.join("\n")}\n`);
  process.stdout.write("\ngoals: ready <= 1000 ms, trivial cell <= 20 ms\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:kernel failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
