import { readFileSync } from "node:fs";

/** The plotly.js bundle, read once from the installed `plotly.js-dist-min` package. */
export interface PlotlySource {
  version: string;
  /** plotly.min.js, safe to place between `<script>` and `</script>`. */
  script: string;
}

let cached: PlotlySource | undefined;

export function plotlySource(): PlotlySource {
  if (!cached) {
    const script = readFileSync(require.resolve("plotly.js-dist-min/plotly.min.js"), "utf8");
    const { version } = JSON.parse(readFileSync(require.resolve("plotly.js-dist-min/package.json"), "utf8")) as {
      version: string;
    };
    cached = { version, script: escapeForScriptElement(script) };
  }
  return cached;
}

/**
 * An HTML parser ends a script at the first `</script` and changes state at `<!--`
 * (HTML spec, "script data escaped state"), whatever JavaScript context they sit in.
 * plotly.min.js 4.1.2 has one `<!--`, inside a string literal. Writing the `<` as
 * `\x3C` keeps the same meaning in string and regular-expression literals, where such
 * text can occur in minified code, and makes the parser see neither sequence.
 */
export function escapeForScriptElement(script: string): string {
  return script.replace(/<(!--|\/script)/gi, "\\x3C$1");
}
