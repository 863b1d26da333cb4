import { spawnSync } from "node:child_process";

/**
 * `npm run bench`: every benchmark in turn, one at a time so they do not compete
 * for the machine's cores. Each prints its own table and the machine it ran on.
 */
const benchmarks = ["bench:kernel", "bench:output", "bench:timeit", "bench:matmul", "bench:parallel"];

let failed = 0;
for (const script of benchmarks) {
  process.stdout.write(`\n=== npm run ${script} ===\n`);
  const run = spawnSync("npm", ["run", "--silent", script], { stdio: "inherit" });
  if (run.status !== 0) {
    failed++;
    process.stdout.write(`${script} exited with ${run.status ?? run.signal}\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
