import * as path from "node:path";
import type * as ts from "@tslab/typescript-for-tslab";

/**
 * A name declared by an earlier cell is readable in a later one because each identifier
 * whose symbol is declared in `__prev__.d.ts` is rewritten into `exports.<name>` (an
 * `after` transformer of the cell's emit in commonjs-emit.ts, after tslab's
 * `wrapPrevIdentifier`). It asks the checker for the symbol at the identifier, and for the name of a shorthand property (`{ n }`) the
 * checker answers with the *property's* symbol, declared in the cell itself; so the
 * shorthand keeps a bare `n`, which no scope defines at run time ("n is not defined"), and
 * in an assignment pattern (`({ n } = o)`) writes a sloppy-mode global instead of the
 * earlier cell's variable.
 *
 * This `before` transformer of the same emit expands such a shorthand into
 * `n: exports.n` (and `n = d` in an assignment pattern into `n: exports.n = d`), using
 * `getShorthandAssignmentValueSymbol`, which resolves the value the shorthand reads. A
 * shorthand of a local (including one that shadows an earlier cell's name in a block) or
 * of a global (`{ console }`) resolves elsewhere and stays as written. The new nodes take
 * the shorthand's text range, so the source map still points at the user's text.
 */

/** tslab's names for the cell being converted and the earlier cells' declarations. */
const cellFileName = "__tslab__.ts";
const earlierCellsFileName = "__prev__.d.ts";

export function shorthandExportsTransformer(
  typescript: typeof ts,
  checker: ts.TypeChecker,
): ts.TransformerFactory<ts.SourceFile> {
  const factory = typescript.factory;
  return (context) => (file) => {
    if (path.basename(file.fileName) !== cellFileName) return file;
    const visit = (node: ts.Node): ts.Node => {
      if (typescript.isShorthandPropertyAssignment(node) && readsEarlierCell(checker, node)) {
        const name = node.name;
        const read = typescript.setTextRange(
          factory.createPropertyAccessExpression(factory.createIdentifier("exports"), name.text),
          name,
        );
        const initializer = node.objectAssignmentInitializer
          ? typescript.setTextRange(
              factory.createAssignment(read, typescript.visitNode(node.objectAssignmentInitializer, visit) as ts.Expression),
              { pos: name.pos, end: node.end },
            )
          : read;
        return typescript.setOriginalNode(
          typescript.setTextRange(factory.createPropertyAssignment(name, initializer), node),
          node,
        );
      }
      return typescript.visitEachChild(node, visit, context);
    };
    return typescript.visitEachChild(file, visit, context);
  };
}

function readsEarlierCell(checker: ts.TypeChecker, node: ts.ShorthandPropertyAssignment): boolean {
  const symbol = checker.getShorthandAssignmentValueSymbol(node);
  if (!symbol?.declarations) return false;
  return symbol.declarations.some((declaration) => path.basename(declaration.getSourceFile().fileName) === earlierCellsFileName);
}
