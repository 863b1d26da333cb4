import { nowUs } from "../timing/clocks";
import { runMessage } from "./dispatch";
import { toRunError } from "./failure";
import { pool } from "./pool";
import { newRunState } from "./run-state";

let costRuns = 0;

/**
 * Measures the pool's cost per task under message dispatch: empty tasks sent with
 * the default window (4 per worker), wall time over task count. Recorded in
 * `pool.stats().perTaskCostUs`, shown by `%parallel`, used by auto grain.
 */
export function measurePerTaskCost(tasks = 400): Promise<number> {
  return pool.exclusive(async () => {
    await pool.ready();
    return measureTaskCost(tasks);
  });
}

/** The measurement itself; the caller holds the pool (`exclusive`) and has started it. */
export async function measureTaskCost(tasks = 400): Promise<number> {
  const workers = pool.workers;
  const state = newRunState(
    {
      id: `cost-${process.pid}-${costRuns++}`,
      body: { kind: "named", name: "noop" },
      inputs: {},
      unit: "row",
      start: 0,
      end: tasks,
      unitsPerChunk: 1,
      outputs: [],
      transport: "shared",
    },
    [],
  );
  await runMessage(state, 4 * workers); // warm the path (JIT, caches)
  state.spec.id = `cost-${process.pid}-${costRuns++}`;
  const t0 = nowUs();
  await runMessage(state, 4 * workers);
  const perTask = (nowUs() - t0) / tasks;
  if (state.failure !== undefined) throw toRunError(state.failure, pool.stats().memoryLimitMb);
  pool.recordTaskCost(perTask);
  return perTask;
}
