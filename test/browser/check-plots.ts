import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { runChromium } from "./chromium";

export interface RenderedPlot {
  id: string;
  /** Plotly draws each figure into stacked `<svg class="main-svg">` layers. */
  mainSvgs: number;
  /** Drawn traces (`g.trace`): bars, lines, markers. */
  traces: number;
  width: number;
  height: number;
}

export interface PlotCheck {
  /** Plot areas on the page: tsparallel's, and any element plotly.js has drawn into. */
  expected: number;
  plots: RenderedPlot[];
  /** Uncaught script errors, in order. */
  scriptErrors: string[];
  /** Resources that failed to load (a CDN script with the network off, for instance). */
  failedResources: string[];
}

const resultId = "tsparallel-plot-check";

/** Collects errors from the start of the page; the capture phase also sees failed `<script src>`. */
const errorProbe = `<script>
window.tsparallelCheckErrors = { script: [], resources: [] };
window.addEventListener("error", function (event) {
  var target = event.target;
  if (target && target !== window && (target.src || target.href)) window.tsparallelCheckErrors.resources.push(target.src || target.href);
  else window.tsparallelCheckErrors.script.push(String(event.message));
}, true);
</script>`;

/** After load, waits (in virtual time) until every plot area is drawn or 5 s pass, then writes what it found. */
const resultProbe = `<script>
window.addEventListener("load", function () {
  var tries = 0;
  function areas() {
    var found = Array.prototype.slice.call(document.querySelectorAll(".tsparallel-plot, .js-plotly-plot, .plotly-graph-div"));
    return found.filter(function (el, i) { return found.indexOf(el) === i && !found.some(function (o) { return o !== el && o.contains(el); }); });
  }
  function report() {
    var plots = areas().map(function (el) {
      var svg = el.querySelector(".main-svg");
      return { id: el.id, mainSvgs: el.querySelectorAll(".main-svg").length, traces: el.querySelectorAll("g.trace").length,
               width: svg ? svg.getBoundingClientRect().width : 0, height: svg ? svg.getBoundingClientRect().height : 0 };
    });
    var done = plots.every(function (p) { return p.traces > 0; });
    if (!done && ++tries < 50) return setTimeout(report, 100);
    var out = document.createElement("pre");
    out.id = "${resultId}";
    out.textContent = JSON.stringify({ expected: plots.length, plots: plots,
      scriptErrors: window.tsparallelCheckErrors.script, failedResources: window.tsparallelCheckErrors.resources });
    document.body.appendChild(out);
  }
  setTimeout(report, 100);
});
</script>`;

/**
 * Opens a copy of the page with two probes added (one first, one last; the page's own
 * scripts run unchanged, from the same directory so relative paths still resolve) in
 * headless chromium with the network off, and reports what plotly drew.
 */
export async function inspectPlots(htmlPath: string): Promise<PlotCheck> {
  const html = readFileSync(htmlPath, "utf8");
  const probed = withProbes(html);
  const copy = join(dirname(resolve(htmlPath)), `.${basename(htmlPath)}.plot-check.html`);
  writeFileSync(copy, probed);
  try {
    const { stdout } = await runChromium(copy, ["--dump-dom"]);
    const match = new RegExp(`<pre id="${resultId}">([\\s\\S]*?)</pre>`).exec(stdout);
    if (!match) throw new Error(`the page never reported its plots (no #${resultId} in the DOM dump)`);
    return JSON.parse(decodeEntities(match[1])) as PlotCheck;
  } finally {
    rmSync(copy, { force: true });
  }
}

function withProbes(html: string): string {
  const head = /<head[^>]*>/i.exec(html);
  const start = head ? head.index + head[0].length : 0;
  const withErrors = html.slice(0, start) + errorProbe + html.slice(start);
  const bodyEnd = withErrors.toLowerCase().lastIndexOf("</body>");
  return bodyEnd >= 0 ? withErrors.slice(0, bodyEnd) + resultProbe + withErrors.slice(bodyEnd) : withErrors + resultProbe;
}

function decodeEntities(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

export interface CheckOptions {
  /** At least this many plots must be on the page (default 1). */
  minPlots?: number;
  /** Where to keep a screenshot of the page, e.g. under test-artifacts/. */
  screenshot?: string;
  allowScriptErrors?: boolean;
}

/** Asserts that every plot area on the page was drawn by plotly.js, with the network off. */
export async function checkPlotsRendered(htmlPath: string, options: CheckOptions = {}): Promise<PlotCheck> {
  const check = await inspectPlots(htmlPath);
  if (options.screenshot) await screenshot(htmlPath, options.screenshot);
  assert.ok(check.plots.length >= (options.minPlots ?? 1), `${htmlPath}: ${check.plots.length} plot areas found`);
  for (const plot of check.plots) {
    assert.ok(plot.mainSvgs > 0 && plot.traces > 0, `${htmlPath}: plot ${plot.id || "(no id)"} not drawn: ${JSON.stringify(plot)}`);
    assert.ok(plot.width > 0 && plot.height > 0, `${htmlPath}: plot ${plot.id} has no size: ${JSON.stringify(plot)}`);
  }
  if (!options.allowScriptErrors) assert.deepEqual(check.scriptErrors, [], `${htmlPath}: script errors`);
  return check;
}

export async function screenshot(htmlPath: string, pngPath: string, windowSize = "1280,2000"): Promise<void> {
  mkdirSync(dirname(pngPath), { recursive: true });
  // Chromium writes the screenshot relative to its working directory unless given an absolute path.
  await runChromium(resolve(htmlPath), [`--screenshot=${resolve(pngPath)}`, `--window-size=${windowSize}`, "--hide-scrollbars"]);
}

/** `node dist/test/browser/check-plots.js report.html [screenshot.png]`: the same check from a shell. */
if (require.main === module) {
  const [htmlPath, png] = process.argv.slice(2);
  if (!htmlPath) {
    console.error("usage: check-plots <page.html> [screenshot.png]");
    process.exit(2);
  }
  checkPlotsRendered(htmlPath, { screenshot: png }).then(
    (check) => console.log(`${htmlPath}: ${check.plots.length} plots drawn (${check.plots.map((p) => p.traces).join(", ")} traces)`),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}

export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
