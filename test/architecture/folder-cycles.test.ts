import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as ts from "typescript";

/**
 * Dependencies between the folders of src/ point one way: transport never knows the
 * interpreter, and what every layer shares about the running cell sits in a bottom folder.
 * This reads every import of every src/**\/*.ts (type-only imports too: a type import is a
 * dependency of the reader on the writer just as much) and fails on any cycle between
 * folders, naming the imports that close it. A file directly in src/ counts as a folder of
 * its own (src/errors.ts is at the bottom, src/index.ts at the top).
 */

const sourceRoot = path.resolve(__dirname, "../../../src");

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The top-level folder of src/ a file belongs to, or the file's own name when it sits in src/. */
function folderOf(file: string): string {
  const parts = path.relative(sourceRoot, file).split(path.sep);
  return parts.length === 1 ? parts[0]! : `${parts[0]}/`;
}

function resolveImport(from: string, specifier: string): string | undefined {
  const target = path.resolve(path.dirname(from), specifier);
  return [`${target}.ts`, path.join(target, "index.ts")].find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/** folder → folder it imports → the imports that make the edge ("a.ts → b.ts"). */
type FolderGraph = Map<string, Map<string, string[]>>;

function folderGraph(files: string[]): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const file of files) {
    const imports = ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles;
    for (const { fileName } of imports) {
      if (!fileName.startsWith(".")) continue;
      const target = resolveImport(file, fileName);
      if (!target) continue;
      const from = folderOf(file);
      const to = folderOf(target);
      if (from === to) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      graph.set(from, edges);
      const evidence = edges.get(to) ?? [];
      edges.set(to, evidence);
      evidence.push(`${path.relative(sourceRoot, file)} → ${path.relative(sourceRoot, target)}`);
    }
  }
  return graph;
}

/** One cycle through `start`, found depth first, as the list of folders it passes; undefined when none. */
function cycleThrough(graph: FolderGraph, start: string): string[] | undefined {
  const seen = new Set<string>();
  const visit = (folder: string, trail: string[]): string[] | undefined => {
    for (const next of graph.get(folder)?.keys() ?? []) {
      if (next === start) return [...trail, next];
      if (seen.has(next)) continue;
      seen.add(next);
      const found = visit(next, [...trail, next]);
      if (found) return found;
    }
    return undefined;
  };
  return visit(start, [start]);
}

function describeCycle(graph: FolderGraph, cycle: string[]): string {
  const steps = cycle.slice(1).map((to, index) => {
    const from = cycle[index]!;
    return `  ${from} → ${to}: ${graph.get(from)!.get(to)!.slice(0, 3).join("; ")}`;
  });
  return [cycle.join(" → "), ...steps].join("\n");
}

describe("architecture", () => {
  it("reads the imports it checks (the graph is not empty, src/index.ts reaches the display folder)", () => {
    const graph = folderGraph(typeScriptFiles(sourceRoot));
    assert.ok(graph.get("index.ts")?.has("display/"), "src/index.ts re-exports display/: the import reader must see it");
  });

  it("has no import cycle between the folders of src/", () => {
    const graph = folderGraph(typeScriptFiles(sourceRoot));
    const cycles = [...graph.keys()].map((folder) => cycleThrough(graph, folder)).filter((cycle) => cycle !== undefined);
    assert.deepEqual(cycles.map((cycle) => describeCycle(graph, cycle)), []);
  });
});
