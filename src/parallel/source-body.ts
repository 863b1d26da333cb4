import vm from "node:vm";
import { UsageError } from "../errors";
import { LineMap } from "../shared/source-map";
import { LOOP_BODY_FILENAME, LOOP_PREFIX, wrapLoopBody } from "./bodies";

type TypeScript = typeof import("typescript");
let typescript: TypeScript | undefined;

/** Loaded on first use (~0.5 s); tslab's bundled compiler serves when typescript is absent. */
function loadTypeScript(): TypeScript {
  if (!typescript) {
    try {
      typescript = require("typescript") as TypeScript;
    } catch {
      typescript = require("@tslab/typescript-for-tslab") as TypeScript;
    }
  }
  return typescript;
}

/**
 * Globals a loop body may use without being given them: the language's built-ins
 * (read from a fresh context, so nothing a notebook put on globalThis counts) and
 * the few Node globals a worker thread also has.
 */
const ALLOWED_GLOBALS = new Set<string>([
  ...(vm.runInNewContext("Object.getOwnPropertyNames(globalThis)") as string[]),
  "console", "process", "Buffer", "performance", "setTimeout", "clearTimeout", "setInterval",
  "clearInterval", "setImmediate", "clearImmediate", "queueMicrotask", "structuredClone",
  "TextEncoder", "TextDecoder", "URL", "URLSearchParams", "arguments",
]);

export interface CompiledBody {
  js: string;
  names: string[];
  /** Rewrites `parallel-body:L:C` frames of a worker's stack to lines and columns of the body as written. */
  mapStack(stack: string): string;
}

/**
 * Compiles a loop body (TypeScript statements over `i`) to standalone JavaScript and
 * checks, before anything runs, that it refers only to `i`, its inputs, its own
 * declarations and the globals above: a notebook variable it was not given would be
 * undefined in the worker, so it is an error here.
 */
export function compileLoopBody(source: string, inputNames: readonly string[]): CompiledBody {
  if (typeof source !== "string" || source.trim() === "") throw new UsageError("the loop body is empty");
  const ts = loadTypeScript();
  const output = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None, removeComments: false, sourceMap: true },
    reportDiagnostics: true,
  });
  const syntax = output.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (syntax) throw new UsageError(`loop body: ${ts.flattenDiagnosticMessageText(syntax.messageText, " ")}`);
  const js = output.outputText.replace(/^"use strict";\s*/, "");
  const { free, escapes } = scanBody(ts, js);
  if (escapes) throw new UsageError(`loop body: ${escapes}`);
  const known = new Set([...inputNames, "i"]);
  const unknown = [...free].filter((name) => !known.has(name) && !ALLOWED_GLOBALS.has(name));
  if (unknown.length > 0) {
    const given = inputNames.length > 0 ? inputNames.join(", ") : "none";
    throw new UsageError(
      `loop body refers to ${unknown.map((n) => `'${n}'`).join(", ")}, not among its inputs (${given}); pass ${unknown.length > 1 ? "them" : "it"} as inputs`,
    );
  }
  try {
    vm.compileFunction(wrapLoopBody(js), [...inputNames, "$u0", "$u1"], { filename: LOOP_BODY_FILENAME });
  } catch (error) {
    throw new UsageError(`loop body: ${(error as Error).message}`);
  }
  const map = output.sourceMapText ? new LineMap((JSON.parse(output.sourceMapText) as { mappings: string }).mappings) : undefined;
  return { js, names: [...inputNames], mapStack: (stack) => (map ? mapBodyFrames(stack, map, removedLines(output.outputText)) : stack) };
}

/** Lines dropped from the front of the transpiled output (a leading "use strict"). */
function removedLines(outputText: string): number {
  const match = /^"use strict";\s*/.exec(outputText);
  return match ? match[0].split("\n").length - 1 : 0;
}

function mapBodyFrames(stack: string, map: LineMap, removed: number): string {
  const frame = new RegExp(`${LOOP_BODY_FILENAME}:(\\d+):(\\d+)`, "g");
  return stack.replace(frame, (whole, lineText: string, columnText: string) => {
    const line = Number(lineText) - 1;
    const column = Number(columnText) - 1 - (line === 0 ? LOOP_PREFIX.length : 0);
    const original = map.originalPosition({ line: line + removed, column: Math.max(0, column) });
    return original ? `${LOOP_BODY_FILENAME}:${original.line + 1}:${original.column + 1}` : whole;
  });
}

/** Free identifiers of the body, and a reason if it would leave the loop (`return`, bare `break`). */
function scanBody(ts: TypeScript, js: string): { free: Set<string>; escapes?: string } {
  const file = ts.createSourceFile("body.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const declared = new Set<string>();
  const referenced = new Set<string>();
  let escapes: string | undefined;

  const declare = (name: import("typescript").BindingName | undefined): void => {
    if (!name) return;
    if (ts.isIdentifier(name)) declared.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) declare(element.name);
  };

  const isReference = (node: import("typescript").Identifier): boolean => {
    const parent = node.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
    if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) ||
      ts.isGetAccessor(parent) || ts.isSetAccessor(parent)) && parent.name === node) return false;
    if (ts.isBindingElement(parent) && parent.propertyName === node) return false;
    if ((ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) && parent.label === node) return false;
    if (ts.isMetaProperty(parent)) return false;
    return true;
  };

  const visit = (node: import("typescript").Node, loopDepth: number, inFunction: boolean): void => {
    if (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) declare(node.name);
    if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isFunctionExpression(node) ||
      ts.isClassExpression(node)) && node.name) declared.add(node.name.text);
    if (ts.isCatchClause(node) && node.variableDeclaration) declare(node.variableDeclaration.name);
    if (ts.isIdentifier(node) && isReference(node)) referenced.add(node.text);
    if (!inFunction && ts.isReturnStatement(node)) escapes ??= "`return` would end the whole chunk, not one iteration; use `continue`";
    if (!inFunction && ts.isBreakStatement(node) && !node.label && loopDepth === 0) {
      escapes ??= "a bare `break` would end the whole chunk; iterations of a parallel loop cannot stop the loop";
    }
    const opensFunction = ts.isFunctionLike(node) || ts.isClassLike(node);
    const opensLoop = ts.isIterationStatement(node, false) || ts.isSwitchStatement(node);
    ts.forEachChild(node, (child) => visit(child, loopDepth + (opensLoop ? 1 : 0), inFunction || opensFunction));
  };
  visit(file, 0, false);
  return { free: new Set([...referenced].filter((name) => !declared.has(name))), escapes };
}
