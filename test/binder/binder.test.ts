import assert from "node:assert/strict";
import { execFileSync, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { mkdtempSync } from "node:fs";
import { after, before, describe, test } from "node:test";

/**
 * What a Binder launch depends on, run here as far as this machine allows: the files
 * repo2docker reads, then postBuild's steps after `npm ci && npm run build` (which CI has
 * already run in this tree; running `npm ci` again would replace node_modules under any
 * test running beside this one). JupyterLab and the plotly renderer come from conda on
 * Binder; Debian ships neither, so binder/check-renderer.sh runs only in the Binder build.
 */
const repo = resolve(__dirname, "..", "..", "..");
const binder = join(repo, "binder");
const systemPython = "/usr/bin/python3";

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = repo): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 300_000 });
}

function succeeded(result: SpawnSyncReturns<string>, what: string): string {
  assert.equal(result.status, 0, `${what} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe("binder files", () => {
  test("environment.yml asks conda-forge for Node >= 20, JupyterLab 4 and plotly", () => {
    const yml = readFileSync(join(binder, "environment.yml"), "utf8");
    const dependencies = yml
      .split("\n")
      .map((line) => /^\s*-\s*([A-Za-z0-9_.-]+)\s*(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2].trim()] as const);
    const spec = new Map(dependencies);
    assert.ok(spec.has("conda-forge"), "channel conda-forge");
    assert.match(spec.get("nodejs") ?? "missing", /^>=\s*(2\d|[3-9]\d)/, "nodejs>=20");
    assert.match(spec.get("jupyterlab") ?? "missing", /^>=\s*4/);
    assert.ok(spec.has("plotly"), "plotly provides the jupyterlab-plotly renderer");
  });

  test("postBuild installs, builds, registers the kernel and checks the renderer, in that order", () => {
    const steps = readFileSync(join(binder, "postBuild"), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#") && !line.startsWith("set "));
    assert.deepEqual(steps, ["npm ci", "npm run build", "binder/install-kernel.sh", "binder/check-renderer.sh"]);
  });
});

describe("binder post-build steps in a fresh HOME and prefix", () => {
  let scratch = "";
  let env: NodeJS.ProcessEnv = {};
  let prefix = "";

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), "tsparallel-binder-"));
    const home = join(scratch, "home");
    mkdirSync(home);
    // A virtual environment over Debian's Jupyter stands in for Binder's conda env:
    // its sys.prefix is on Jupyter's data path, as $NB_PYTHON_PREFIX is on Binder.
    prefix = join(scratch, "env");
    execFileSync(systemPython, ["-m", "venv", "--system-site-packages", prefix]);
    env = {
      PATH: `${join(prefix, "bin")}:${process.env.PATH ?? "/usr/bin:/bin"}`,
      HOME: home,
      NB_PYTHON_PREFIX: prefix,
      LANG: "C.UTF-8",
      PYDEVD_DISABLE_FILE_VALIDATION: "1",
    };
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test("the build output postBuild relies on is present", () => {
    assert.ok(existsSync(join(repo, "dist", "src", "cli.js")), "dist/src/cli.js (npm run build)");
    assert.ok(existsSync(join(repo, "dist", "wasm", "matmul-scalar.wasm")), "dist/wasm/matmul-scalar.wasm (npm run build:wasm)");
  });

  test("install-kernel.sh registers the kernel where that Jupyter finds it", () => {
    succeeded(run(join(binder, "install-kernel.sh"), [], env), "binder/install-kernel.sh");
    // Debian packages jupyter_client without the `jupyter-kernelspec` entry point; this is the same application.
    const listed = succeeded(
      run(join(prefix, "bin", "python"), ["-m", "jupyter_client.kernelspecapp", "list", "--json"], env),
      "jupyter kernelspec list",
    );
    const specs = (JSON.parse(listed) as { kernelspecs: Record<string, { resource_dir: string; spec: { argv: string[]; language: string } }> }).kernelspecs;
    assert.ok(specs.tsparallel, `tsparallel not among ${Object.keys(specs).join(", ")}`);
    assert.equal(specs.tsparallel.resource_dir, join(prefix, "share", "jupyter", "kernels", "tsparallel"));
    assert.ok(specs.tsparallel.spec.argv.includes(join(repo, "dist", "src", "cli.js")), "argv starts this checkout's CLI");
    assert.ok(!existsSync(join(env.HOME!, ".local", "share", "jupyter", "kernels", "tsparallel")), "nothing in the user's data dir");
  });

  test("a notebook executes with the kernel through nbconvert", () => {
    const executed = executeNotebook(scratch, env, prefix, [
      "const answer: number = 6 * 7;\nanswer",
      'import { plot } from "tsparallel";\nplot.bar(["serial", "parallel"], [2, 1], { title: "Binder" })',
    ]);
    assert.equal(text(executed[0].outputs[0]?.data?.["text/plain"]), "42");
    const figure = executed[1].outputs.find((o) => o.data?.["application/vnd.plotly.v1+json"]);
    assert.ok(figure, `no plotly output: ${JSON.stringify(executed[1].outputs).slice(0, 500)}`);
    assert.match(text(figure.data!["text/plain"]), /^Figure: Binder/);
  });
});

/** nbformat may store a multi-line string as a list of lines. */
function text(value: unknown): string {
  return Array.isArray(value) ? value.join("") : String(value);
}

interface ExecutedCell {
  outputs: { output_type: string; data?: Record<string, unknown>; ename?: string; evalue?: string }[];
}

function executeNotebook(scratch: string, env: NodeJS.ProcessEnv, prefix: string, sources: string[]): ExecutedCell[] {
  const dir = join(scratch, "notebook");
  mkdirSync(dir, { recursive: true });
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tsparallel", display_name: "TypeScript (tsparallel)", language: "typescript" } },
    cells: sources.map((source, i) => ({ id: `c${i}`, cell_type: "code", execution_count: null, metadata: {}, outputs: [], source })),
  };
  writeFileSync(join(dir, "tiny.ipynb"), JSON.stringify(notebook));
  succeeded(
    run(
      join(prefix, "bin", "python"),
      // `-m nbconvert`, not `-m jupyter nbconvert`: the latter runs /usr/bin/jupyter-nbconvert, whose
      // #! is the system python, and would not see the environment's prefix.
      ["-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=120", "--output", "tiny.out.ipynb", "tiny.ipynb"],
      env,
      dir,
    ),
    "jupyter nbconvert --execute",
  );
  const executed = JSON.parse(readFileSync(join(dir, "tiny.out.ipynb"), "utf8")) as { cells: ExecutedCell[] };
  for (const [i, cell] of executed.cells.entries()) {
    const error = cell.outputs.find((o) => o.output_type === "error");
    assert.equal(error, undefined, `cell ${i}: ${error?.ename}: ${error?.evalue}`);
  }
  return executed.cells;
}
