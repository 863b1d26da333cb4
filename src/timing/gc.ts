/** The collector %timeit runs before each measurement; shared with the executor, which collects after a cell stopped for memory. */
export { garbageCollector } from "../shared/gc";
