"""Execute notebooks headless with the tsparallel kernel and export self-contained HTML.

Called by scripts/reports.mjs, which installs the kernelspec into a temporary prefix and
puts it on JUPYTER_PATH. Usage:
  python3 scripts/reports.py --notebooks DIR --out DIR [--param NAME=VALUE ...]
                             [--timeout SECONDS] [NOTEBOOK ...]
Writes OUT/<name>.html, OUT/<name>.ipynb (executed) and OUT/index.html; exits 1 if any
notebook failed (its report is still written, with the error shown).
"""
import argparse
import html
import json
import pathlib
import platform
import re
import sys
import time
from datetime import datetime, timezone

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter
from nbconvert.filters.markdown import markdown2html

KERNEL = "tsparallel"
# `const n = 1000; // comment`, with an optional `export` and type annotation. Values are
# expected to be simple literals (numbers, short strings without `//`).
DECLARATION = re.compile(
    r"^(?P<head>\s*(?:export\s+)?(?:const|let|var)\s+(?P<name>[A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*)"
    r"(?P<value>.*?)\s*;?\s*(?P<comment>//.*)?$"
)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", required=True, type=pathlib.Path)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="override `const NAME = ...` in each notebook's `parameters` cell")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("names", nargs="*", help="notebooks to run (default: every *.ipynb)")
    args = parser.parse_args(argv)
    params = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_$][\w$]*", name):
            parser.error(f"--param expects NAME=VALUE, got {item!r}")
        params[name] = value
    return args, params


def select_notebooks(directory, names):
    if names:
        chosen = [directory / (n if n.endswith(".ipynb") else n + ".ipynb") for n in names]
        missing = [str(p) for p in chosen if not p.exists()]
        if missing:
            sys.exit(f"reports: no such notebook: {', '.join(missing)}")
        return chosen
    return sorted(p for p in directory.glob("*.ipynb") if not p.name.startswith("."))


def apply_parameters(nb, params):
    """Rewrites `const NAME = VALUE;` lines of the cell tagged `parameters`, the way
    papermill marks it; returns the names this notebook declares."""
    cell = next((c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        return set()
    applied = set()
    lines = cell.source.split("\n")
    for i, line in enumerate(lines):
        match = DECLARATION.match(line)
        if match and match.group("name") in params:
            comment = f" {match.group('comment')}" if match.group("comment") else ""
            lines[i] = f"{match.group('head')}{params[match.group('name')]};{comment}"
            applied.add(match.group("name"))
    cell.source = "\n".join(lines)
    return applied


def title_of(nb, fallback):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            heading = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
            if heading:
                return heading.group(1).strip()
    return fallback


def run_notebook(path, out_dir, params, timeout):
    nb = nbformat.read(path, as_version=4)
    applied = apply_parameters(nb, params)
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "TypeScript (tsparallel)", "language": "typescript"}
    client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL,
                            resources={"metadata": {"path": str(path.parent)}})
    started = time.monotonic()
    error = None
    try:
        client.execute()
    except CellExecutionError as exc:
        error = str(exc).strip().splitlines()[-1] if str(exc).strip() else "cell failed"
    except Exception as exc:  # a kernel that dies or never starts: report it, go on
        error = f"{type(exc).__name__}: {exc}"
    seconds = time.monotonic() - started
    nbformat.write(nb, out_dir / f"{path.stem}.ipynb")
    title = title_of(nb, path.stem)
    # The lab template titles the page with resources' metadata name: the notebook's heading, not its file name.
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb, resources={"metadata": {"name": title}})
    (out_dir / f"{path.stem}.html").write_text(body, encoding="utf-8")
    return {"name": path.stem, "title": title, "seconds": seconds, "error": error,
            "parameters": sorted(applied), "verdict": verdict_of(nb)}


def verdict_of(nb):
    """The markdown the cell tagged `verdict` displayed last (its handle is updated once
    the notebook has measured), or None when the notebook has no verdict."""
    for cell in nb.cells:
        if "verdict" in cell.get("metadata", {}).get("tags", []):
            texts = [o.get("data", {}).get("text/markdown") for o in cell.get("outputs", [])]
            texts = [t if isinstance(t, str) else "".join(t) for t in texts if t]
            return texts[-1] if texts else None
    return None


def write_index(out_dir, results, params):
    rows = "\n".join(
        f'<tr><td><a href="{html.escape(r["name"])}.html">{html.escape(r["title"])}</a></td>'
        f'<td>{"ok" if r["error"] is None else "failed: " + html.escape(r["error"])}</td>'
        f'<td style="text-align: right">{r["seconds"]:.1f} s</td>'
        f'<td>{markdown2html(r["verdict"]) if r.get("verdict") else ""}</td></tr>'
        for r in results
    )
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    overrides = ", ".join(f"{k} = {v}" for k, v in params.items()) or "none (notebook defaults)"
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>tsparallel reports</title>
<style>body {{ font-family: sans-serif; max-width: 60em; margin: 2em auto; }}
table {{ border-collapse: collapse; }} td, th {{ padding: 0.3em 1em; border-bottom: 1px solid #ddd; }}</style>
</head><body>
<h1>tsparallel reports</h1>
<p>Executed {html.escape(stamp)} on {html.escape(platform.platform())}; parameter overrides: {html.escape(overrides)}.
Each report is self-contained: its plots draw without a network.</p>
<p>The verdict column is each notebook's own summary, computed from the measurements of this run.</p>
<table><thead><tr><th>notebook</th><th>status</th><th>time</th><th>what this run found</th></tr></thead>
<tbody>
{rows}
</tbody></table>
</body></html>
"""
    (out_dir / "index.html").write_text(page, encoding="utf-8")
    (out_dir / "index.json").write_text(json.dumps({"executed": stamp, "parameters": params, "notebooks": results}, indent=2))


def main(argv):
    args, params = parse_args(argv)
    notebooks = select_notebooks(args.notebooks, args.names)
    if not notebooks:
        sys.exit(f"reports: no notebooks in {args.notebooks}")
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for path in notebooks:
        print(f"reports: {path.name} ...", flush=True)
        result = run_notebook(path, args.out, params, args.timeout)
        status = "ok" if result["error"] is None else f"FAILED ({result['error']})"
        print(f"reports: {path.name} {status} in {result['seconds']:.1f} s", flush=True)
        results.append(result)
    unused = set(params) - set().union(*(set(r["parameters"]) for r in results))
    if unused:
        print(f"reports: no notebook's parameters cell declares {', '.join(sorted(unused))}", file=sys.stderr)
    write_index(args.out, results, params)
    total = sum(r["seconds"] for r in results)
    failed = [r["name"] for r in results if r["error"] is not None]
    print(f"reports: {len(results)} notebooks in {total:.1f} s -> {args.out / 'index.html'}"
          + (f"; failed: {', '.join(failed)}" if failed else ""), flush=True)
    return 1 if failed or unused else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
