/**
 * A MIME bundle as Jupyter carries it in `execute_result`, `display_data` and
 * `inspect_reply`: one representation per MIME type, richest chosen by the front end.
 * https://jupyter-client.readthedocs.io/en/stable/messaging.html#display-data
 */
export type MimeBundle = Record<string, unknown>;

/** Values opt in to rich display by implementing this symbol (same symbol Deno uses). */
export const jupyterDisplaySymbol = Symbol.for("Jupyter.display");

export interface RichDisplayable {
  [jupyterDisplaySymbol](): MimeBundle;
}
