/**
 * Kernel start-up and trivial-cell latency, this kernel against tslab and (when
 * Debian's python3-ipykernel is installed) ipykernel, in one run.
 *
 *   npm run build && npm run bench:kernel [-- --runs N --cells M]
 *
 * ready: launch of the process → kernel_info_reply received (what a notebook
 *        waits for before it shows the kernel as idle).
 * first result: launch → execute_reply of the first `1+1`, sent as soon as
 *        kernel_info_reply arrived (what a notebook run headless waits for).
 * trivial cell: execute_request → execute_reply for `1+1`, warm; median of M.
 * new cell: the same for M cells whose text differs from every earlier one
 *        (`1+2`, `1+3`, …), as a notebook's cells do; a kernel that caches
 *        the conversion of a repeated cell gains nothing here.
 * Every figure is the median over N launches. All kernels run with the
 * repository as working directory, are launched in turn (interleaved, so
 * background load hits them alike) and are driven by the same ZeroMQ client.
 * The two latency goals are printed as ratios of this one run: a warm trivial
 * cell at most 0.8× the faster of tslab and ipykernel, a first result at most
 * 0.8× ipykernel's.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Dealer } from "zeromq";
import { createHeader, createSigner, decode, encode, type ConnectionInfo, type Message, type Signer } from "../src/protocol";
import { median } from "../src/timing/median";

const root = resolve(__dirname, "..", "..");

/** A kernel that has not answered by then is reported as failed rather than waited on forever. */
const REPLY_LIMIT_MS = 60_000;

interface KernelUnderTest {
  name: string;
  /** The program to start; node itself unless set. */
  command?: string;
  argv(connectionFile: string): string[];
}

/** Debian's python3-ipykernel, the kernel most notebooks run; the interpreter jupyter_client's kernelspec names. */
const PYTHON = "/usr/bin/python3";

const tsparallel: KernelUnderTest = { name: "tsparallel", argv: (file) => [join(root, "dist", "src", "cli.js"), "kernel", "--connection-file", file] };
// tslab's CLI (node_modules/tslab/dist/main.js): `tslab kernel --config-path <connection file>`.
const tslab: KernelUnderTest = { name: "tslab", argv: (file) => [join(root, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", file] };
const ipykernel: KernelUnderTest = { name: "ipykernel", command: PYTHON, argv: (file) => ["-m", "ipykernel_launcher", "-f", file] };

/** ipykernel joins the comparison only where it can be imported; the bench says so when it cannot. */
function ipykernelInstalled(): boolean {
  return spawnSync(PYTHON, ["-c", "import ipykernel"], { stdio: "ignore" }).status === 0;
}

interface RunFigures {
  readyMs: number;
  firstResultMs: number;
  trivialCellMs: number;
  newCellMs: number;
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
  const child: ChildProcess = spawn(kernel.command ?? process.execPath, kernel.argv(file), { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise((done) => child.on("exit", done));
  try {
    await client.request(client.shell, "kernel_info_request", {});
    const readyMs = performance.now() - launched;
    const execute = async (code = "1+1") => {
      const start = performance.now();
      const reply = await client.request(client.shell, "execute_request", { code, silent: false, store_history: true });
      if (reply.content.status !== "ok") throw new Error(`${kernel.name}: ${code} failed: ${JSON.stringify(reply.content)}`);
      return performance.now() - start;
    };
    await execute();
    const firstResultMs = performance.now() - launched;
    const times: number[] = [];
    for (let i = 0; i < cells; i++) times.push(await execute());
    const newTimes: number[] = [];
    for (let i = 0; i < cells; i++) newTimes.push(await execute(`1+${i + 2}`));
    return { readyMs, firstResultMs, trivialCellMs: median(times), newCellMs: median(newTimes) };
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

/** Both goals: this kernel at most 0.8× the anchor (tslab, ipykernel) it is compared with. */
const GOAL_RATIO = 0.8;

async function main(): Promise<void> {
  const runs = option("runs", 5);
  const cells = option("cells", 30);
  const cpu = cpus();
  const kernels = ipykernelInstalled() ? [tsparallel, tslab, ipykernel] : [tsparallel, tslab];
  process.stdout.write(`machine: ${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores; node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
  if (!kernels.includes(ipykernel)) process.stdout.write(`ipykernel: not importable by ${PYTHON}, left out (Debian: apt install python3-ipykernel)\n`);
  process.stdout.write(`median of ${runs} launches per kernel (interleaved); trivial cell = median of ${cells} warm \`1+1\` round trips; new cell = median of ${cells} cells of new text\n\n`);
  const results = new Map<string, RunFigures[]>(kernels.map((k) => [k.name, []]));
  const failures = new Map<string, number>(kernels.map((k) => [k.name, 0]));
  for (let run = 0; run < runs; run++) {
    for (const kernel of kernels) {
      // A launch that fails (tslab can crash when a request arrives while it binds) is counted
      // and reported, not allowed to end the comparison of the others.
      try {
        results.get(kernel.name)!.push(await measure(kernel, cells));
      } catch (error) {
        failures.set(kernel.name, failures.get(kernel.name)! + 1);
        process.stdout.write(`launch ${run + 1} of ${kernel.name} failed: ${(error as Error).message.split("\n").slice(0, 3).join(" | ")}\n`);
      }
    }
  }
  for (const [name, count] of failures) if (count > 0) process.stdout.write(`${name}: ${count} of ${runs} launches failed; its figures are medians of the others\n`);
  if (kernels.some((k) => results.get(k.name)!.length === 0)) throw new Error("a kernel failed every launch; no comparison to print");
  const medians = new Map(kernels.map((k) => {
    const figures = results.get(k.name)!;
    const pick = (key: keyof RunFigures) => median(figures.map((f) => f[key]));
    return [k.name, { readyMs: pick("readyMs"), firstResultMs: pick("firstResultMs"), trivialCellMs: pick("trivialCellMs"), newCellMs: pick("newCellMs") }];
  }));
  const column = (value: number) => value.toFixed(1).padStart(16);
  process.stdout.write(`${"kernel".padEnd(12)}${"ready ms".padStart(16)}${"1st result ms".padStart(16)}${"warm cell ms".padStart(16)}${"new cell ms".padStart(16)}\n`);
  for (const [name, m] of medians) process.stdout.write(`${name.padEnd(12)}${column(m.readyMs)}${column(m.firstResultMs)}${column(m.trivialCellMs)}${column(m.newCellMs)}\n`);
  process.stdout.write(`\n${goalLines(medians).join("\n")}\n`);
  process.stdout.write(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
}

/** The two goal ratios, each against the anchor it names. */
function goalLines(medians: Map<string, RunFigures>): string[] {
  const ours = medians.get(tsparallel.name)!;
  const anchors = [medians.get(tslab.name), medians.get(ipykernel.name)].filter((m): m is RunFigures => m !== undefined);
  const fasterAnchorCell = Math.min(...anchors.map((m) => m.trivialCellMs));
  const fasterName = [...medians].find(([name, m]) => name !== tsparallel.name && m.trivialCellMs === fasterAnchorCell)![0];
  const line = (label: string, ratio: number) =>
    `${label}: ${ratio.toFixed(2)}× (goal <= ${GOAL_RATIO}×) ${ratio <= GOAL_RATIO ? "met" : "NOT met"}`;
  const lines = [line(`warm trivial cell vs the faster of the anchors (${fasterName})`, ours.trivialCellMs / fasterAnchorCell)];
  const fasterAnchorNewCell = Math.min(...anchors.map((m) => m.newCellMs));
  lines.push(`new cell vs the faster of the anchors: ${(ours.newCellMs / fasterAnchorNewCell).toFixed(2)}× (a notebook's cells are new text; each is converted and checked)`);
  const python = medians.get(ipykernel.name);
  lines.push(python ? line("first result vs ipykernel", ours.firstResultMs / python.firstResultMs) : "first result vs ipykernel: not measured (no ipykernel)");
  return lines;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:kernel failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
