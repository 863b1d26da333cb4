import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** Debian's chromium package. */
export const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";

/**
 * Headless, no sandbox (tests run as root in containers), nothing that phones home, and
 * the network off: every host name fails to resolve and anything else goes to a proxy
 * that does not exist, so a page that still needs a CDN shows it by not rendering.
 */
export const chromiumFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND",
  "--proxy-server=http://127.0.0.1:9",
];

export interface ChromiumRun {
  stdout: string;
  stderr: string;
}

/**
 * Loads `htmlPath` through file:// in a fresh profile and returns chromium's output.
 * `--virtual-time-budget` lets the page's timers run to completion before the dump or
 * screenshot, without the test waiting for them in real time.
 */
export async function runChromium(htmlPath: string, flags: string[], timeoutMs = 120_000): Promise<ChromiumRun> {
  const profile = mkdtempSync(join(tmpdir(), "tsparallel-chromium-"));
  const args = [...chromiumFlags, `--user-data-dir=${profile}`, "--virtual-time-budget=10000", ...flags, pathToFileURL(htmlPath).href];
  // Its own process group, so that on timeout the renderer and zygote it forked go too.
  const child = spawn(chromiumPath, args, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
        reject(new Error(`chromium did not finish ${htmlPath} within ${timeoutMs} ms`));
      }, timeoutMs);
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once("close", (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    if (code !== 0) throw new Error(`chromium exited with ${code}: ${stderr.split("\n").slice(-5).join("\n")}`);
    return { stdout, stderr };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
