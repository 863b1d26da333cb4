import { ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RunningJupyterServer {
  baseUrl: string;
  wsUrl: string;
  token: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export async function waitUntilUp(url: string, server: ChildProcess, deadlineMs: number): Promise<void> {
  while (Date.now() < deadlineMs) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer ${url} in time`);
}

/**
 * Starts Debian's jupyter_server on 127.0.0.1 with a random token and a private
 * runtime/config directory, so the test sees only the kernelspecs it installed.
 */
export async function startJupyterServer(jupyterPath: string): Promise<RunningJupyterServer> {
  const home = mkdtempSync(join(tmpdir(), "tsparallel-server-"));
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  let stderr = "";
  const server = spawn(
    "/usr/bin/python3",
    ["-m", "jupyter_server", "--no-browser", "--ip=127.0.0.1", `--port=${port}`,
     `--ServerApp.token=${token}`, `--ServerApp.root_dir=${home}`, "--ServerApp.port_retries=0",
     // CI runs as root; the server refuses that unless told it is deliberate.
     ...(process.getuid?.() === 0 ? ["--allow-root"] : [])],
    {
      env: { ...process.env, JUPYTER_PATH: jupyterPath, JUPYTER_CONFIG_DIR: join(home, "config"),
             JUPYTER_RUNTIME_DIR: join(home, "runtime"), JUPYTER_DATA_DIR: join(home, "data") },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  server.stderr?.on("data", (chunk: Buffer) => { stderr += chunk.toString(); });
  const baseUrl = `http://127.0.0.1:${port}/`;
  try {
    await waitUntilUp(`${baseUrl}api/status?token=${token}`, server, Date.now() + 60_000);
  } catch (error) {
    server.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return {
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}/`,
    token,
    stop: async () => {
      const exited = new Promise((r) => server.once("exit", r));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (server.exitCode === null) server.kill("SIGKILL");
      rmSync(home, { recursive: true, force: true });
    },
  };
}
