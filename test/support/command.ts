import { spawn } from "node:child_process";

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

export interface CommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs: number;
}

/** Runs a command to completion without blocking the test runner's event loop; kills it at the timeout. */
export function runCommand(command: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", fail);
    child.stdin.end(options.input ?? "");
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("close", (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/**
 * The environment of a command that must behave as on a user's machine: without
 * the `npm_*` variables that `npm test` sets (npm_config_prefix, npm_config_cache...),
 * which would point a nested npm at this checkout's settings.
 */
export function userEnvironment(overrides: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, ...overrides };
}
