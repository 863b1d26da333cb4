import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors";
import { kernelsDir, type InstallTarget } from "./data-dirs";
import { cliScript, packageRoot } from "./package-root";

export interface KernelspecOptions {
  target: InstallTarget;
  /** The kernel's directory name; Jupyter allows [a-zA-Z0-9._-]. */
  name: string;
  env?: NodeJS.ProcessEnv;
}

const LOGOS = ["logo-32x32.png", "logo-64x64.png"];

/** Jupyter's rule for kernel names (jupyter_client kernelspec.py, `_kernel_name_pat`). */
export function checkKernelName(name: string): string {
  if (!/^[a-z0-9._-]+$/i.test(name)) throw new UsageError(`invalid kernel name "${name}": use letters, digits, ".", "_" or "-"`);
  return name;
}

/**
 * kernel/kernel.json with argv made absolute: this node binary and this
 * package's compiled CLI, so the kernel starts the same way whatever the
 * working directory or PATH of the Jupyter server.
 */
export function kernelspecJson(root: string = packageRoot(), nodePath: string = process.execPath): Record<string, unknown> {
  const template = JSON.parse(readFileSync(join(root, "kernel", "kernel.json"), "utf8")) as Record<string, unknown>;
  return { ...template, argv: [nodePath, ...nodeFlags(), cliScript(root), "kernel", "--connection-file", "{connection_file}"] };
}

/**
 * Node 20 runs WebAssembly's relaxed SIMD (fused multiply-add, ~10% faster for the
 * wasm matmul kernel) only behind a flag; from Node 22 it is on by default.
 */
export function nodeFlags(nodeVersion: string = process.versions.node): string[] {
  const major = Number(nodeVersion.split(".")[0]);
  return major < 22 ? ["--experimental-wasm-relaxed-simd"] : [];
}

/** Writes kernel.json and the logos; returns the kernelspec directory. */
export function installKernelspec(options: KernelspecOptions, root: string = packageRoot()): string {
  const dir = join(kernelsDir(options.target, options.env), checkKernelName(options.name));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.json"), JSON.stringify(kernelspecJson(root), null, 2) + "\n");
  for (const logo of LOGOS) copyFileSync(join(root, "kernel", logo), join(dir, logo));
  return dir;
}

/** Removes the kernelspec directory; returns it, or undefined when nothing was installed there. */
export function uninstallKernelspec(options: KernelspecOptions): string | undefined {
  const dir = join(kernelsDir(options.target, options.env), checkKernelName(options.name));
  if (!existsSync(join(dir, "kernel.json"))) return undefined;
  rmSync(dir, { recursive: true, force: true });
  return dir;
}
