import { UsageError } from "../errors";
import { checkDispatch, checkTransport, checkWorkerCount, parseGrain, type Dispatch, type Grain, type Transport } from "../parallel/options";
import type { MagicUse } from "./types";

/** What `-w -g -d -t` impose on a statement's parallel runs (a subset of ParallelSettings). */
export interface RunSettings {
  workers?: number;
  grain?: Grain;
  dispatch?: Dispatch;
  transport?: Transport;
  /** `--timeline`: record every chunk's worker, dispatch, start and end. */
  timeline?: boolean;
}

/** One column of a comparison: the serial baseline, or the statement on the pool under settings. */
export interface CompareMode {
  label: string;
  inline: boolean;
  settings: RunSettings;
}

export type SweepKey = "workers" | "grain" | "dispatch" | "transport";
const sweepKeys: readonly SweepKey[] = ["workers", "grain", "dispatch", "transport"];

/** The flags a `%parallel --compare/--sweep` hands to its runtime, as JSON. */
export interface CompareSpec {
  kind: "compare" | "sweep";
  /** In the order measured; speedups are relative to the mode labelled `serial`. */
  modes: CompareMode[];
  repeat: number;
  /** `--model P=20`: predict up to this many workers (on as many cores). */
  modelWorkers?: number;
  /** The statement as typed, for the caption. */
  statement: string;
  quiet: boolean;
}

/** The settings flags of a use, checked: names the runtime does not know are UsageErrors listing the known ones. */
export function runSettingsOf(use: MagicUse): RunSettings {
  const settings: RunSettings = {};
  if (typeof use.flags.workers === "number") settings.workers = checkWorkerCount(use.flags.workers);
  if (typeof use.flags.grain === "string") settings.grain = grainOf(use.flags.grain, "-g");
  if (typeof use.flags.dispatch === "string") settings.dispatch = checkDispatch(use.flags.dispatch);
  if (typeof use.flags.transport === "string") settings.transport = checkTransport(use.flags.transport);
  if (use.flags.timeline === true) settings.timeline = true;
  return settings;
}

export function grainOf(text: string, where: string): Grain {
  try {
    parseGrain(text);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`${where}: ${error.message}`);
    throw error;
  }
  return text as Grain;
}

/** `--compare serial,1,2`: the serial baseline and worker counts, each under the other settings flags. */
export function compareModes(list: string, settings: RunSettings): CompareMode[] {
  if (settings.workers !== undefined) throw new UsageError("--compare sets the workers of each mode; drop -w");
  const modes = splitList(list, "--compare").map((item): CompareMode => {
    if (item === "serial" || item === "inline") return { label: "serial", inline: true, settings: {} };
    if (/^\d+$/.test(item)) {
      const workers = checkWorkerCount(Number(item));
      return { label: `${workers} worker${workers === 1 ? "" : "s"}`, inline: false, settings: { ...settings, workers } };
    }
    throw new UsageError(`--compare: '${item}' is not a mode; use serial or a worker count, e.g. --compare serial,1,2`);
  });
  return unique(modes, "--compare");
}

/** `--sweep grain=element,row,rows:8`: the serial baseline first, then one mode per value. */
export function sweepModes(text: string, settings: RunSettings): CompareMode[] {
  const match = /^([A-Za-z]+)=(.*)$/.exec(text);
  if (!match) throw new UsageError(`--sweep takes KEY=V1,V2,... with KEY one of ${sweepKeys.join(", ")}, e.g. --sweep workers=1,2`);
  const key = match[1] as SweepKey;
  if (!sweepKeys.includes(key)) throw new UsageError(`--sweep: unknown key '${match[1]}'; sweep one of ${sweepKeys.join(", ")}`);
  if (settings[key] !== undefined) throw new UsageError(`--sweep ${key}=... and the ${key} flag both set ${key}; drop one`);
  const modes = splitList(match[2], "--sweep").map((value): CompareMode => {
    const swept: RunSettings = { ...settings };
    if (key === "workers") {
      if (!/^\d+$/.test(value)) throw new UsageError(`--sweep workers: '${value}' is not a worker count`);
      swept.workers = checkWorkerCount(Number(value));
    } else if (key === "grain") swept.grain = grainOf(value, "--sweep grain");
    else if (key === "dispatch") swept.dispatch = checkDispatch(value);
    else swept.transport = checkTransport(value);
    return { label: `${key} ${value}`, inline: false, settings: swept };
  });
  return unique([{ label: "serial", inline: true, settings: {} }, ...modes], "--sweep");
}

/** `--model P=20` (or `--model 20`): the largest worker count to predict. */
export function modelWorkersOf(text: string): number {
  const match = /^(?:P=)?(\d+)$/.exec(text);
  if (!match) throw new UsageError(`--model takes P=N (the workers to predict up to, e.g. --model P=20), not '${text}'`);
  return checkWorkerCount(Number(match[1]));
}

/** `--in A,B,alpha`: identifiers, each once. */
export function nameList(text: string, flag: string): string[] {
  const names = splitList(text, flag);
  for (const name of names) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new UsageError(`${flag}: '${name}' is not a variable name`);
    if (name === "i") throw new UsageError(`${flag}: 'i' is the loop index and cannot be an input`);
  }
  return [...new Set(names)];
}

function splitList(text: string, flag: string): string[] {
  const items = text.split(",").map((item) => item.trim());
  if (items.some((item) => item === "")) throw new UsageError(`${flag}: empty item in '${text}'`);
  return items;
}

function unique(modes: CompareMode[], flag: string): CompareMode[] {
  const seen = new Set<string>();
  for (const mode of modes) {
    if (seen.has(mode.label)) throw new UsageError(`${flag}: '${mode.label}' is listed twice`);
    seen.add(mode.label);
  }
  return modes;
}
