/**
 * Ends the kernel when the process that started it is gone, so a crashed or
 * killed Jupyter server leaves no orphan kernels. jupyter_client sets
 * JPY_PARENT_PID; without it the parent is the original ppid (a dead parent's
 * children are re-parented, so a changed ppid also means it died).
 */
export function watchParent(onParentGone: () => void, env: NodeJS.ProcessEnv = process.env, intervalMs = 1000): () => void {
  const fromEnv = Number.parseInt(env.JPY_PARENT_PID ?? "", 10);
  const parentPid = Number.isInteger(fromEnv) && fromEnv > 1 ? fromEnv : process.ppid;
  const originalPpid = process.ppid;
  const timer = setInterval(() => {
    if (!isAlive(parentPid) || (parentPid === originalPpid && process.ppid !== originalPpid)) {
      clearInterval(timer);
      onParentGone();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Ends this process from any thread, for when the main thread may never be free
 * to exit by itself (a cell spinning in `while (true) {}`):
 * SIGTERM after `graceMs` (the main thread had that long to exit cleanly), then
 * SIGKILL if a SIGTERM listener kept the process alive. The timers are unref'd:
 * a thread that ends first (the clean exit closed it) cancels them.
 */
export function forceExitAfter(graceMs: number, killMs = 1000): void {
  setTimeout(() => {
    process.kill(process.pid, "SIGTERM");
    setTimeout(() => process.kill(process.pid, "SIGKILL"), killMs).unref();
  }, graceMs).unref();
}
