import * as os from "node:os";
import { MatrixInputError } from "./errors";

/**
 * Default share of the machine's free memory one allocation may take. Half leaves
 * room for the operands that already exist and for the kernel/notebook around them.
 */
const DEFAULT_FREE_MEMORY_FRACTION = 0.5;

let explicitLimitBytes: number | undefined;

/**
 * Caps the bytes a single matrix (or kernel preparation buffer) may allocate.
 * `undefined` restores the default: half of `os.freemem()` at allocation time.
 */
export function setMemoryLimit(bytes: number | undefined): void {
  if (bytes !== undefined && !(Number.isFinite(bytes) && bytes >= 0)) {
    throw new MatrixInputError(`memory limit must be a non-negative finite number of bytes, got ${bytes}`);
  }
  explicitLimitBytes = bytes;
}

/** The limit in bytes currently in force. */
export function getMemoryLimit(): number {
  return explicitLimitBytes ?? Math.floor(os.freemem() * DEFAULT_FREE_MEMORY_FRACTION);
}

/** Throws, before any allocation, when `bytes` exceeds the memory limit. */
export function assertAllocationFits(bytes: number, what: string): void {
  const limit = getMemoryLimit();
  if (bytes > limit) {
    throw new MatrixInputError(
      `${what} needs ${formatBytes(bytes)}, more than the memory limit of ${formatBytes(limit)} ` +
        `(see setMemoryLimit)`,
    );
  }
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
