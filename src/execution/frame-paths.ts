import { readFileSync } from "node:fs";
import * as path from "node:path";
import { packageRoot } from "./package-paths";
import { LineMap } from "../shared/source-map";

/**
 * Stack frames without the paths this machine installed things at:
 * a traceback goes into saved notebooks and published reports, where
 * `/home/me/.npm-global/lib/node_modules/tsparallel/dist/src/matmul/shape.js:34:15` says
 * nothing useful and something private. The package's own compiled files are named by
 * their TypeScript source through the source map next to them (`tsparallel/matmul/shape.ts:34:15`,
 * its src/ folder left out as the issue names it), packages under node_modules from their
 * own name (`workerpool/src/worker.js:276:27`).
 */
const locationInFrame = /(\(|at )((?:file:\/\/)?\/[^()]*?):(\d+):(\d+)(\)?)$/;

export function withoutInstallPaths(frame: string): string {
  const match = locationInFrame.exec(frame);
  if (!match) return frame;
  const [whole, opening, file, line, column, closing] = match;
  const shown = shownSourceLocation(file.replace(/^file:\/\//, ""), Number(line), Number(column));
  return shown === undefined ? frame : frame.slice(0, match.index) + opening + shown + closing + frame.slice(match.index + whole.length);
}

/**
 * A file position (one-based) as tracebacks show it: the package's compiled files by their
 * TypeScript source, packages by their own name; undefined for a file of neither.
 */
export function shownSourceLocation(file: string, line: number, column: number): string | undefined {
  const modules = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  if (modules !== -1) return `${file.slice(modules + "/node_modules/".length)}:${line}:${column}`;
  const root = installRoot();
  if (!file.startsWith(root + path.sep)) return undefined;
  const source = sourcePosition(file, line, column);
  if (source) return `tsparallel/${packagePath(source.file, root)}:${source.line}:${source.column}`;
  return `tsparallel/${packagePath(file, root)}:${line}:${column}`;
}

/** A file's path inside the package as the user knows it: `matmul/shape.ts`, not `src/matmul/shape.ts`. */
function packagePath(file: string, root: string): string {
  return path.relative(root, file).split(path.sep).join("/").replace(/^src\//, "");
}

let root: string | undefined;
function installRoot(): string {
  return (root ??= packageRoot());
}

interface CompiledFileMap {
  sourceFile: string;
  lines: LineMap;
}

/** Source maps by compiled file; `null` when a file has none (read once either way). */
const maps = new Map<string, CompiledFileMap | null>();

function sourcePosition(file: string, line: number, column: number): { file: string; line: number; column: number } | undefined {
  let map = maps.get(file);
  if (map === undefined) {
    map = readSourceMap(file);
    maps.set(file, map);
  }
  if (!map) return undefined;
  const position = map.lines.originalPosition({ line: line - 1, column: column - 1 });
  return position && { file: map.sourceFile, line: position.line + 1, column: position.column + 1 };
}

/** tsc writes one map per file with one source (`sources[0]`), relative to the map's folder. */
function readSourceMap(file: string): CompiledFileMap | null {
  try {
    const map = JSON.parse(readFileSync(`${file}.map`, "utf8")) as { sources?: string[]; sourceRoot?: string; mappings?: string };
    const source = map.sources?.[0];
    if (!source || map.mappings === undefined) return null;
    return { sourceFile: path.resolve(path.dirname(file), map.sourceRoot ?? "", source), lines: new LineMap(map.mappings) };
  } catch {
    return null;
  }
}
