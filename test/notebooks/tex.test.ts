import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { proseOf, texFormulas } from "./tex";

describe("TeX left for MathJax", () => {
  test("finds display, inline and bracketed formulas", () => {
    assert.deepEqual(texFormulas("For N tasks: $$T(P) = s + \\max(c, d)$$ and $f = s / T(1)$, or \\(e\\) and \\[x\\]; \\begin{align}"), [
      "$$T(P) = s + \\max(c, d)$$",
      "\\[x\\]",
      "\\(e\\)",
      "\\begin{align}",
      "$f = s / T(1)$",
    ]);
  });

  test("finds none in a formula written in HTML and Unicode", () => {
    assert.deepEqual(texFormulas("<p><i>T</i>(<i>P</i>) = <i>s</i> + max( ⌈<i>N</i>/<i>P</i>⌉·(<i>c</i> + <i>o</i>) )</p>, 5 $ each"), []);
  });

  test("code and scripts are not prose: MathJax skips them", () => {
    const page = '<p>ok</p><pre>const s = `${a}` + $tsp.x + `${b}`;</pre><script>var $ = 1, $$ = 2;</script><code>$x$</code><p>$y$</p>';
    assert.deepEqual(texFormulas(proseOf(page)), ["$y$"]);
  });
});
