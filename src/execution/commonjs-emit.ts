import * as path from "node:path";
import type * as ts from "@tslab/typescript-for-tslab";
import { shorthandExportsTransformer } from "./shorthand-exports";

/**
 * tslab converts a cell in two steps: its builder program emits an ES module, then
 * `transpileModule` turns that into CommonJS with a second program and checker of its own,
 * built anew for every cell. The second step was 70% of a warm trivial cell's conversion
 * (CPU profile of 200 `1+1` conversions: 2.9 of 4.1 s). So the builder emits CommonJS
 * itself (typescript-overlay.ts sets `module`), and this wrapper of the builder's `emit`
 * does, in its place, what tslab's `after` transformer did on the ES module:
 *
 * - the cell's last expression statement becomes `export const tsLastExpr = …`; here it is
 *   rewritten *before* the module transform, which then turns it into
 *   `exports.tsLastExpr = …` exactly as the second step did;
 * - an identifier bound by an earlier cell (declared in `__prev__.d.ts`) reads
 *   `exports.<name>`, rewritten *after* the module transform, as tslab did, so the module
 *   transform never sees those names as bindings of another file's imports;
 * - the re-exports of imported names become plain assignments (reExportsAsAssignments).
 *
 * tslab's own `after` transformer is dropped: on CommonJS output its last-statement rewrite
 * would wrap the module transform's `exports.x = x`.
 */

/** tslab's names for the cell being converted and the earlier cells' declarations. */
const cellFileName = "__tslab__.ts";
const earlierCellsFileName = "__prev__.d.ts";
/** tslab's name for the variable holding the cell's last expression (numbered when the cell declares it). */
const lastExpressionPrefix = "tsLastExpr";

/**
 * Wraps a builder program's `emit` as described above. `onLastExpression` receives the
 * name the cell's last expression is stored under, for each emit of a cell that ends in one.
 * The builder object is kept (tslab compares builders by identity).
 */
export function emitCellsAsCommonJs<T extends ts.BuilderProgram>(
  typescript: typeof ts,
  builder: T,
  onLastExpression: (name: string) => void,
): T {
  const emit = builder.emit.bind(builder);
  builder.emit = (targetSourceFile, writeFile, cancellationToken, emitOnlyDtsFiles, customTransformers) => {
    const program = builder.getProgram();
    const checker = program.getTypeChecker();
    const earlierCells = program.getSourceFiles().find((file) => path.basename(file.fileName) === earlierCellsFileName);
    return emit(targetSourceFile, writeFile, cancellationToken, emitOnlyDtsFiles, {
      afterDeclarations: customTransformers?.afterDeclarations,
      before: [
        shorthandExportsTransformer(typescript, checker),
        lastExpressionTransformer(typescript, earlierCells, onLastExpression),
      ],
      after: [earlierNamesTransformer(typescript, checker), reExportsAsAssignments(typescript)],
    });
  };
  return builder;
}

function isCell(file: ts.SourceFile): boolean {
  return path.basename(file.fileName) === cellFileName;
}

/** `expr;` as the cell's last statement (before tslab's `export { … }` of its names) → `export const tsLastExpr = expr;`. */
function lastExpressionTransformer(
  typescript: typeof ts,
  earlierCells: ts.SourceFile | undefined,
  onLastExpression: (name: string) => void,
): ts.TransformerFactory<ts.SourceFile> {
  const factory = typescript.factory;
  return () => (file) => {
    if (!isCell(file)) return file;
    const statements = file.statements;
    let index = statements.length - 1;
    while (index >= 0 && typescript.isExportDeclaration(statements[index])) index--;
    const last = statements[index];
    if (!last || !typescript.isExpressionStatement(last)) return file;
    const name = unusedLastExpressionName(typescript, file, earlierCells);
    const declaration = factory.createVariableStatement(
      [factory.createModifier(typescript.SyntaxKind.ExportKeyword)],
      factory.createVariableDeclarationList(
        [factory.createVariableDeclaration(name, undefined, undefined, last.expression)],
        typescript.NodeFlags.Const,
      ),
    );
    onLastExpression(name);
    return factory.updateSourceFile(file, [...statements.slice(0, index), declaration, ...statements.slice(index + 1)]);
  };
}

/**
 * `tsLastExpr`, or the first `tsLastExpr<i>` that neither the cell nor an earlier cell
 * declares. (tslab looked at the cell only, so a cell reading an earlier cell's
 * `tsLastExpr` as its last expression overwrote that name.)
 */
function unusedLastExpressionName(typescript: typeof ts, file: ts.SourceFile, earlierCells: ts.SourceFile | undefined): string {
  // Binder state lives on the parsed files; an earlier `before` transformer may have replaced the cell's node.
  const scopes = [typescript.getOriginalNode(file), earlierCells] as unknown as ({ locals?: ReadonlyMap<string, unknown> } | undefined)[];
  const declared = (name: string) => scopes.some((scope) => scope?.locals?.has(name) ?? false);
  if (!declared(lastExpressionPrefix)) return lastExpressionPrefix;
  for (let i = 0; ; i++) {
    if (!declared(`${lastExpressionPrefix}${i}`)) return `${lastExpressionPrefix}${i}`;
  }
}

/** tslab's `wrapPrevIdentifier`: `x` → `exports.x` where `x` is declared by an earlier cell. */
function earlierNamesTransformer(typescript: typeof ts, checker: ts.TypeChecker): ts.TransformerFactory<ts.SourceFile> {
  const factory = typescript.factory;
  // tslab visits with the null context: nothing here hoists declarations.
  const context = typescript.getNullTransformationContext();
  const visit = (node: ts.Node): ts.Node => {
    if (!typescript.isIdentifier(node)) return typescript.visitEachChild(node, visit, context);
    if (node.parent && typescript.isPropertyAccessExpression(node.parent) && node.parent.name === node) return node;
    if (!declaredInEarlierCells(checker, node)) return node;
    return factory.createPropertyAccessExpression(factory.createIdentifier("exports"), node);
  };
  return () => (file) => (isCell(file) ? typescript.visitEachChild(file, visit, context) : file);
}

function declaredInEarlierCells(checker: ts.TypeChecker, node: ts.Identifier): boolean {
  const declarations = checker.getSymbolAtLocation(node)?.declarations ?? [];
  return declarations.some((declaration) => path.basename(declaration.getSourceFile().fileName) === earlierCellsFileName);
}

/**
 * `Object.defineProperty(exports, "x", { enumerable: true, get: function () { return m.x; } })`
 * → `exports["x"] = m.x`. Only top-level statements of this exact shape are touched: they
 * are what TypeScript's CommonJS transform emits for `import { x } from "m"` in a cell.
 * Such a property is non-configurable; as a plain assignment a later cell can declare the
 * name again and the cell scope stays a plain object (property reads on a Proxy cost ~20 ns
 * more, measured on this machine).
 */
function reExportsAsAssignments(typescript: typeof ts): ts.TransformerFactory<ts.SourceFile> {
  return () => (file) => {
    let changed = false;
    const statements = file.statements.map((statement) => {
      const returned = reExportedExpression(typescript, statement);
      if (!returned) return statement;
      changed = true;
      const factory = typescript.factory;
      const assignment = factory.createExpressionStatement(
        factory.createAssignment(
          factory.createElementAccessExpression(factory.createIdentifier("exports"), factory.createStringLiteral(returned.name)),
          returned.expression,
        ),
      );
      return typescript.setTextRange(assignment, statement);
    });
    return changed ? typescript.factory.updateSourceFile(file, statements) : file;
  };
}

function reExportedExpression(
  typescript: typeof ts,
  statement: ts.Statement,
): { name: string; expression: ts.Expression } | undefined {
  if (!typescript.isExpressionStatement(statement)) return undefined;
  const call = statement.expression;
  if (!typescript.isCallExpression(call) || call.arguments.length !== 3) return undefined;
  const callee = call.expression;
  if (
    !typescript.isPropertyAccessExpression(callee) ||
    !typescript.isIdentifier(callee.expression) ||
    callee.expression.text !== "Object" ||
    callee.name.text !== "defineProperty"
  ) {
    return undefined;
  }
  const [target, name, descriptor] = call.arguments;
  if (!typescript.isIdentifier(target) || target.text !== "exports") return undefined;
  if (!typescript.isStringLiteral(name) || !typescript.isObjectLiteralExpression(descriptor)) return undefined;
  for (const property of descriptor.properties) {
    if (!property.name || !typescript.isIdentifier(property.name) || property.name.text !== "get") continue;
    const body = getterBody(typescript, property);
    if (!body || body.statements.length !== 1) return undefined;
    const only = body.statements[0];
    if (!typescript.isReturnStatement(only) || !only.expression) return undefined;
    return { name: name.text, expression: only.expression };
  }
  return undefined;
}

function getterBody(typescript: typeof ts, property: ts.ObjectLiteralElementLike): ts.Block | undefined {
  if (typescript.isMethodDeclaration(property)) return property.body;
  if (typescript.isPropertyAssignment(property) && typescript.isFunctionExpression(property.initializer)) {
    return property.initializer.body;
  }
  return undefined;
}
