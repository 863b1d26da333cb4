#!/usr/bin/env node
// `npm run reports [-- --param n=200 ...] [-- NOTEBOOK ...]`: executes notebooks/*.ipynb
// headless with this repository's kernel and writes self-contained reports/*.html and
// reports/index.html. The kernelspec goes into a temporary prefix on JUPYTER_PATH, so a
// fresh clone needs no `tsparallel install` and the user's Jupyter is left untouched.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(repo, "dist", "src", "cli.js");

function fail(message) {
  console.error(`reports: ${message}`);
  process.exit(2);
}

/** The first Python that has what headless execution and export need. */
function findPython() {
  const candidates = [process.env.PYTHON, "python3", "/usr/bin/python3"].filter(Boolean);
  for (const python of candidates) {
    const probe = spawnSync(python, ["-c", "import nbclient, nbconvert, nbformat"], { stdio: "ignore" });
    if (probe.status === 0) return python;
  }
  fail(`no Python with nbclient and nbconvert among ${candidates.join(", ")} (Debian: apt install jupyter-nbconvert; or pip install nbconvert; or set PYTHON)`);
}

function withDefaults(args) {
  const out = [...args];
  if (!out.includes("--notebooks")) out.unshift("--notebooks", join(repo, "notebooks"));
  if (!out.includes("--out")) out.unshift("--out", join(repo, "reports"));
  return out;
}

if (!existsSync(cli)) fail("dist/src/cli.js is missing: run `npm run build` first");
const python = findPython();
const prefix = mkdtempSync(join(tmpdir(), "tsparallel-reports-"));
let status = 1;
try {
  const install = spawnSync(process.execPath, [cli, "install", "--prefix", prefix], { stdio: ["ignore", "ignore", "inherit"] });
  if (install.status !== 0) fail("installing the kernelspec failed");
  const jupyterPath = [join(prefix, "share", "jupyter"), process.env.JUPYTER_PATH].filter(Boolean).join(delimiter);
  const run = spawnSync(python, [join(repo, "scripts", "reports.py"), ...withDefaults(process.argv.slice(2))], {
    stdio: "inherit",
    env: { ...process.env, JUPYTER_PATH: jupyterPath, PYDEVD_DISABLE_FILE_VALIDATION: "1" },
  });
  status = run.status ?? 1;
} finally {
  rmSync(prefix, { recursive: true, force: true });
}
process.exit(status);
