"""The kernel's fault suite: protocol abuse, floods, lifecycle events, resource abuse
and late errors, each followed by a check that the kernel still runs and still
holds a value set before the probes. The same probes run against ipykernel when
asked, so that each figure has the bar users hold a kernel to beside it.

    JUPYTER_PATH=... /usr/bin/python3 fault_suite.py tsparallel:ts [python3:py] [--json FILE]

Prints a table per probe and the figures at the end; exits non-zero if any probe
of the first kernel failed.
"""
import json
import sys
import time
import traceback

import probes_lifecycle
import probes_memory
import probes_protocol
import probes_use
from fault_kernel import ProbedKernel

KEPT = "12345"


def all_probes():
    """(group, name, probe, ends the kernel on purpose), in the order they run: the kernel-ending ones last."""
    plain = [(g, n, p, False) for g, n, p in probes_protocol.PROBES + probes_use.PROBES + probes_memory.PROBES]
    return plain + probes_lifecycle.PROBES


def fresh(kernel_name, lang):
    k = ProbedKernel(kernel_name, lang)
    k.run_snippet("keep")
    return k


def state_kept(k):
    try:
        return k.alive() and k.result("kept") == KEPT
    except Exception:
        return False


def run_probes(kernel_name, lang):
    results, figures, peaks = [], {}, []
    k = fresh(kernel_name, lang)
    for group, name, probe, ends_kernel in all_probes():
        started = time.monotonic()
        try:
            outcome = probe(k)
        except Exception as error:
            outcome = (False, f"probe raised {type(error).__name__}: {error}".splitlines()[0], {})
            traceback.print_exc(file=sys.stderr)
        if outcome is None:
            results.append({"group": group, "name": name, "applicable": False})
            continue
        passed, detail, probe_figures = outcome
        figures.update({key: value for key, value in probe_figures.items() if value is not None})
        kept = None if ends_kernel else state_kept(k)
        k.note_memory()
        if ends_kernel or not kept:
            peaks.append(k.peak_mb)
            k.close()
            k = fresh(kernel_name, lang)
        results.append({"group": group, "name": name, "applicable": True, "passed": bool(passed), "state_kept": kept,
                        "detail": detail, "seconds": time.monotonic() - started})
        print(f"  {kernel_name}: {name}: {'passed' if passed else 'FAILED'}; {detail}", file=sys.stderr, flush=True)
    k.close()
    peaks.append(k.peak_mb)
    figures["peak_mb"] = max(peaks)
    return {"kernel": kernel_name, "results": results, "figures": figures}


def cell(result):
    if not result["applicable"]:
        return "n/a"
    verdict = "passed" if result["passed"] else "FAILED"
    if result["state_kept"] is None:
        return verdict
    return verdict + (", state kept" if result["state_kept"] else ", STATE LOST")


def summary(run):
    applicable = [r for r in run["results"] if r["applicable"]]
    survivable = [r for r in applicable if r["state_kept"] is not None]
    f = run["figures"]
    fmt = lambda key, unit="s": f"{f[key]:.2f} {unit}" if key in f else "—"  # noqa: E731
    return {
        "probes": str(len(applicable)),
        "passed": str(sum(r["passed"] for r in applicable)),
        "state kept": f"{sum(bool(r['state_kept']) for r in survivable)}/{len(survivable)}",
        "flood sent/received": f"{f['flood_sent']}/{f['flood_received']}" if "flood_sent" in f else "—",
        "output delivered/produced": f"{f['output_delivered']:,}/{f['output_produced']:,} B" if "output_produced" in f else "—",
        "10 MB print loop to idle": fmt("print_s"),
        "peak memory": f"{f['peak_mb']:.0f} MB",
        "interrupt → reply": fmt("interrupt_s"),
        "restart → ready": fmt("restart_s"),
        "SIGTERM → exit": fmt("sigterm_s"),
        "shutdown → exit": fmt("shutdown_s"),
        "parent killed → exit (idle)": fmt("parent_death_idle_s"),
        "parent killed → exit (busy)": fmt("parent_death_busy_s"),
        "heap filled → error": fmt("heap_stop_s"),
    }


def print_tables(runs):
    names = [run["kernel"] for run in runs]
    width = 46
    print("probe".ljust(width) + "".join(n.ljust(28) for n in names))
    for i, result in enumerate(runs[0]["results"]):
        print(f"{result['group']}: {result['name']}"[:width - 1].ljust(width) + "".join(cell(run["results"][i]).ljust(28) for run in runs))
    print()
    summaries = [summary(run) for run in runs]
    for key in summaries[0]:
        print(key.ljust(width) + "".join(s[key].ljust(28) for s in summaries))
    print()
    for run in runs:
        for r in run["results"]:
            if r["applicable"]:
                print(f"{run['kernel']}: {r['name']}: {r['detail']}")


def main(argv):
    json_path = None
    if "--json" in argv:
        at = argv.index("--json")
        json_path = argv[at + 1]
        argv = argv[:at] + argv[at + 2:]
    kernels = [spec.split(":") for spec in argv]
    runs = [run_probes(name, lang) for name, lang in kernels]
    print_tables(runs)
    if json_path:
        with open(json_path, "w") as out:
            json.dump(runs, out, indent=1)
    failed = [r["name"] for r in runs[0]["results"] if r["applicable"] and (not r["passed"] or r["state_kept"] is False)]
    if failed:
        print(f"\n{runs[0]['kernel']} failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
