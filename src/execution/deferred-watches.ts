import type * as ts from "@tslab/typescript-for-tslab";

/**
 * Directory watches that TypeScript asks for while it builds the converter's first program,
 * set up later. On Linux TypeScript emulates a recursive watch by reading every directory
 * below the watched one (the notebook's node_modules, the package's dist/): measured here,
 * ~0.2 s of CPU out of the first conversion's ~2 s when the kernel runs in a folder with
 * node_modules. The watches only serve later changes (a package installed after a failed
 * import), so the converter starts them once it has been idle for a second.
 */
export class DeferredWatches {
  private pending: Array<() => void> | undefined = [];

  /** Starts `watch` now if watches have started, else when they do; the handle closes either way. */
  add(watch: () => ts.FileWatcher): ts.FileWatcher {
    if (!this.pending) return watch();
    let watcher: ts.FileWatcher | undefined;
    let closed = false;
    this.pending.push(() => {
      if (!closed) watcher = watch();
    });
    return {
      close: () => {
        closed = true;
        watcher?.close();
      },
    };
  }

  /** Starts every deferred watch; from then on `add` watches at once. */
  start(): void {
    const pending = this.pending;
    this.pending = undefined;
    for (const watch of pending ?? []) watch();
  }
}
