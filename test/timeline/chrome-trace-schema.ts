import assert from "node:assert/strict";

/**
 * A schema-level check of a Chrome Trace Event file, written from the Trace Event Format
 * specification (https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU):
 * - the JSON Object Format: an object whose `traceEvents` is an array of events;
 *   `displayTimeUnit`, when present, is "ms" or "ns";
 * - every event has `ph` (a phase letter), `pid` and `tid` (integers), `name` (a string)
 *   and, when present, `args` an object and `cat` a string;
 * - complete events (`X`) have `ts` and `dur`, numbers of microseconds, here non-negative;
 * - metadata events (`M`) are named process_name, thread_name, process_sort_index or
 *   thread_sort_index; the *_name ones carry `args.name`, a string, the sort ones
 *   `args.sort_index`, an integer.
 * Beyond the format: every thread that has a complete event is named by a thread_name
 * event of its process, and the complete events of one thread do not overlap (nested
 * slices would be legal; a chunk or a send never contains another). Returns the events.
 */
export function assertChromeTrace(file: unknown): Array<Record<string, unknown>> {
  assert.ok(file !== null && typeof file === "object" && !Array.isArray(file), "the file is a JSON object");
  const { traceEvents, displayTimeUnit } = file as { traceEvents?: unknown; displayTimeUnit?: unknown };
  assert.ok(Array.isArray(traceEvents), "traceEvents is an array");
  if (displayTimeUnit !== undefined) assert.ok(displayTimeUnit === "ms" || displayTimeUnit === "ns", "displayTimeUnit is ms or ns");
  const events = traceEvents as Array<Record<string, unknown>>;
  const named = new Set<string>();
  const slices = new Map<string, Array<{ ts: number; dur: number }>>();
  for (const [index, event] of events.entries()) {
    const where = `event ${index} ${JSON.stringify(event).slice(0, 200)}`;
    assert.ok(event !== null && typeof event === "object", `${where}: an object`);
    assert.ok(typeof event.ph === "string" && event.ph.length === 1, `${where}: ph is a phase letter`);
    assert.equal(typeof event.name, "string", `${where}: name`);
    assert.ok(Number.isInteger(event.pid), `${where}: pid is an integer`);
    assert.ok(Number.isInteger(event.tid), `${where}: tid is an integer`);
    if (event.cat !== undefined) assert.equal(typeof event.cat, "string", `${where}: cat`);
    if (event.args !== undefined) assert.ok(event.args !== null && typeof event.args === "object" && !Array.isArray(event.args), `${where}: args is an object`);
    const thread = `${event.pid}/${event.tid}`;
    if (event.ph === "X") {
      for (const key of ["ts", "dur"] as const) {
        assert.ok(typeof event[key] === "number" && Number.isFinite(event[key]) && (event[key] as number) >= 0, `${where}: ${key} is a non-negative number`);
      }
      const list = slices.get(thread) ?? [];
      list.push({ ts: event.ts as number, dur: event.dur as number });
      slices.set(thread, list);
    } else if (event.ph === "M") {
      const args = event.args as Record<string, unknown> | undefined;
      assert.ok(["process_name", "thread_name", "process_sort_index", "thread_sort_index"].includes(event.name as string), `${where}: a metadata event's name`);
      if ((event.name as string).endsWith("_name")) assert.equal(typeof args?.name, "string", `${where}: args.name`);
      else assert.ok(Number.isInteger(args?.sort_index), `${where}: args.sort_index`);
      if (event.name === "thread_name") named.add(thread);
    } else {
      assert.fail(`${where}: this exporter writes only X and M events`);
    }
  }
  for (const [thread, list] of slices) {
    assert.ok(named.has(thread), `thread ${thread} has complete events and a thread_name`);
    list.sort((a, b) => a.ts - b.ts);
    for (let k = 1; k < list.length; k++) {
      // The export has nanosecond resolution: a slice may end where the next starts.
      assert.ok(list[k - 1]!.ts + list[k - 1]!.dur <= list[k]!.ts + 0.0005, `thread ${thread}: slices at ${list[k - 1]!.ts} and ${list[k]!.ts} overlap`);
    }
  }
  return events;
}
