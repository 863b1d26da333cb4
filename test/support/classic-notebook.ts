import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, waitUntilUp } from "./jupyter-server";

export interface RunningNotebookServer {
  /** http://127.0.0.1:PORT/ */
  baseUrl: string;
  token: string;
  /** The server's own output, for a failure message. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts Debian's classic Notebook server (`python3 -m notebook`, version 6) on
 * 127.0.0.1 with a random token, serving `rootDir`, with private config, runtime
 * and data directories so that only the kernelspecs on `jupyterPath` are seen.
 */
export async function startClassicNotebook(rootDir: string, jupyterPath: string): Promise<RunningNotebookServer> {
  const home = mkdtempSync(join(tmpdir(), "tsparallel-notebook-server-"));
  for (const dir of ["config", "runtime", "data"]) mkdirSync(join(home, dir));
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  let output = "";
  const server = spawn(
    "/usr/bin/python3",
    ["-m", "notebook", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--NotebookApp.port_retries=0",
     `--NotebookApp.token=${token}`, `--NotebookApp.notebook_dir=${rootDir}`,
     // CI runs as root; the server refuses that unless told it is deliberate.
     ...(process.getuid?.() === 0 ? ["--allow-root"] : [])],
    {
      env: { ...process.env, HOME: home, JUPYTER_PATH: jupyterPath, JUPYTER_CONFIG_DIR: join(home, "config"),
             JUPYTER_RUNTIME_DIR: join(home, "runtime"), JUPYTER_DATA_DIR: join(home, "data") },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  server.stdout?.on("data", (chunk: Buffer) => { output += chunk.toString(); });
  server.stderr?.on("data", (chunk: Buffer) => { output += chunk.toString(); });
  const baseUrl = `http://127.0.0.1:${port}/`;
  try {
    await waitUntilUp(`${baseUrl}api/status?token=${token}`, server, Date.now() + 60_000);
  } catch (error) {
    server.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return {
    baseUrl,
    token,
    log: () => output,
    stop: async () => {
      const exited = new Promise((r) => server.once("exit", r));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (server.exitCode === null) server.kill("SIGKILL");
      rmSync(home, { recursive: true, force: true });
    },
  };
}
