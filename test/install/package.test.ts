import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCommand, userEnvironment } from "../support/command";

/**
 * The package as a user gets it: `npm pack` of a clean tree (no dist/, so the
 * prepack build must make it), `npm install -g` of the tarball into a throwaway
 * prefix and HOME, `tsparallel install --user`, then cells through jupyter_client.
 * Installing needs the npm registry for the dependencies, as a user's install does.
 */
const repo = resolve(__dirname, "..", "..", "..");
const driver = join(repo, "test", "install", "run_installed_kernel.py");
const MINUTES = 60_000;

/** What the package may hold: what runs and what a user reads; never tests, sources or build scripts. */
const SHIPPED = new RegExp(
  "^(" +
    [
      String.raw`dist/src/.+\.(js|js\.map|d\.ts)`,
      String.raw`dist/wasm/[\w-]+\.wasm`,
      String.raw`kernel/(kernel\.json|logo-\d+x\d+\.png|README\.md)`,
      String.raw`notebooks/[\w-]+\.(ipynb|md)`,
      String.raw`src/\w+/README\.md`,
      String.raw`README\.md|LICENSE|package\.json`,
    ].join("|") +
    ")$",
);

describe("the npm package", { timeout: 10 * MINUTES }, () => {
  let work: string;
  let tarball: string;
  let files: string[];

  before(async () => {
    work = mkdtempSync(join(tmpdir(), "tsparallel-package-"));
    const clean = join(work, "clean");
    copyCleanTree(repo, clean);
    assert.equal(existsSync(join(clean, "dist")), false, "the clean tree starts without dist/");
    // The dependencies a clone gets from `npm ci`, shared rather than reinstalled.
    symlinkSync(join(repo, "node_modules"), join(clean, "node_modules"), "dir");
    const packed = await runCommand("npm", ["pack", "--pack-destination", work], {
      cwd: clean,
      env: userEnvironment({ HOME: join(work, "home") }),
      timeoutMs: 5 * MINUTES,
    });
    assert.equal(packed.status, 0, `npm pack failed:\n${packed.stdout}\n${packed.stderr}`);
    const name = readdirSync(work).find((f) => f.endsWith(".tgz"));
    assert.ok(name, "npm pack wrote a tarball");
    tarball = join(work, name);
    files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  it("is built by npm pack and ships the compiled code with source maps, wasm, kernelspec, notebooks, README and license", (t) => {
    t.diagnostic(`${files.length} files, ${(statSync(tarball).size / 1024).toFixed(0)} kB: ${tarball}`);
    const notebooks = readdirSync(join(repo, "notebooks")).filter((f) => f.endsWith(".ipynb"));
    const required = [
      "package.json", "README.md", "LICENSE",
      "dist/src/cli.js", "dist/src/index.js", "dist/src/index.d.ts", "dist/src/index.js.map",
      // Worker entries, loaded by path at run time.
      "dist/src/parallel/worker.js", "dist/src/transport/io-worker.js", "dist/src/execution/converter-worker.js",
      "dist/wasm/matmul-relaxed.wasm", "dist/wasm/matmul-simd.wasm", "dist/wasm/matmul-scalar.wasm",
      "kernel/kernel.json", "kernel/logo-32x32.png", "kernel/logo-64x64.png",
      ...notebooks.map((f) => `notebooks/${f}`),
    ];
    for (const file of required) assert.ok(files.includes(file), `${file} is in the package`);
    const unexpected = files.filter((f) => !SHIPPED.test(f));
    assert.deepEqual(unexpected, [], "nothing but what runs and what a user reads");
    const scripts = files.filter((f) => f.startsWith("dist/src/") && f.endsWith(".js"));
    for (const script of scripts) assert.ok(files.includes(`${script}.map`), `${script} has its source map`);
  });

  it("installs with npm install -g, registers with `tsparallel install --user`, and runs a cell, %timeit and %parallel", async (t) => {
    const prefix = join(work, "prefix");
    const home = join(work, "home");
    mkdirSync(join(home, "notebooks"), { recursive: true });
    // HOME is the throwaway one, and no Jupyter path leads back to the user's own kernelspecs.
    const env = userEnvironment({ HOME: home, JUPYTER_PATH: undefined, JUPYTER_DATA_DIR: undefined, XDG_DATA_HOME: undefined, NODE_PATH: undefined });

    const installed = await runCommand("npm", ["install", "-g", "--prefix", prefix, tarball], { cwd: work, env, timeoutMs: 5 * MINUTES });
    assert.equal(installed.status, 0, `npm install -g failed:\n${installed.stdout}\n${installed.stderr}`);
    t.diagnostic(`npm install -g of the tarball: ${installed.seconds.toFixed(1)} s`);

    const cli = join(prefix, "bin", "tsparallel");
    const registered = await runCommand(cli, ["install", "--user"], { cwd: home, env, timeoutMs: MINUTES });
    assert.equal(registered.status, 0, registered.stderr);
    const kernelDir = join(home, ".local", "share", "jupyter", "kernels", "tsparallel");
    assert.equal(registered.stdout.trim(), `Installed kernelspec tsparallel in ${kernelDir}`);

    const cells = [
      'import { Matrix, matmul, parallelMatmul } from "tsparallel";\n' +
        "const A = Matrix.rand(48, 48, { seed: 1 });\n" +
        'const expected = matmul(A, A, { kernel: "naive" });\n' +
        '[matmul(A, A, { kernel: "wasm" }).allclose(expected, 1e-12), matmul(A, A, { kernel: "mathjs" }).allclose(expected, 1e-12)]',
      '%timeit -n 3 -r 2 matmul(A, A, { kernel: "blocked" })',
      'const C = %parallel -w 2 -g row await parallelMatmul(A, A, { kernel: "naive" })',
      "C.allclose(expected, 1e-12)",
    ];
    const ran = await runCommand("/usr/bin/python3", [driver], { cwd: join(home, "notebooks"), env, input: JSON.stringify(cells), timeoutMs: 3 * MINUTES });
    assert.equal(ran.status, 0, `the jupyter_client driver failed:\n${ran.stderr}`);
    const report = JSON.parse(ran.stdout) as { resource_dir: string; argv: string[]; cells: Array<{ status: string; error: string | null; stdout: string; shown: string[] }> };

    assert.equal(report.resource_dir, kernelDir, "Jupyter finds the kernelspec in the user's data directory");
    assert.ok(report.argv.includes(join(prefix, "lib", "node_modules", "tsparallel", "dist", "src", "cli.js")), `argv starts the installed CLI: ${report.argv.join(" ")}`);
    for (const [i, cell] of report.cells.entries()) assert.equal(cell.status, "ok", `cell ${i + 1}: ${cell.error}`);
    const [imported, timed, parallel, checked] = report.cells as [typeof report.cells[number], typeof report.cells[number], typeof report.cells[number], typeof report.cells[number]];
    assert.deepEqual(imported.shown, ["[ true, true ]"], "the wasm and mathjs kernels load from the package");
    assert.match(timed.stdout, /^[\d.]+ (ns|µs|ms|s) ± [\d.]+ (ns|µs|ms|s) per loop \(mean ± std\. dev\. of 2 runs, 3 loops each\)$/m);
    assert.match(parallel.shown[0] ?? "", /^matmul:naive: 2 workers, grain row/);
    assert.deepEqual(checked.shown, ["true"]);
  });
});

/** The files a clone of this tree would have: tracked and untracked-but-not-ignored, without build output. */
function copyCleanTree(from: string, to: string): void {
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: from, encoding: "utf8" });
  for (const file of listed.split("\0").filter(Boolean)) {
    const source = join(from, file);
    if (!existsSync(source)) continue; // deleted in the working tree, not yet committed
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(source, join(to, file));
  }
}
