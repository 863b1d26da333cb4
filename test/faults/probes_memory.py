"""Resource abuse that needs its own kernel: a cell that fills the heap."""
import time

from fault_kernel import ProbedKernel, snippet

# Small enough to fill in seconds, large enough for the kernel's own start-up.
HEAP_MB = 512


def heap_exhausted(k):
    if snippet("heap_hog", k.lang) is None:
        return None  # a Python kernel has no heap limit of its own: a hog would take the machine's memory
    hogged = ProbedKernel(k.kernel_name, k.lang, {"NODE_OPTIONS": f"--max-old-space-size={HEAP_MB}"})
    try:
        hogged.run_snippet("keep")
        started = time.monotonic()
        try:
            reply, outputs = hogged.run_snippet("heap_hog", timeout=120)
        except Exception as error:
            return False, f"heap of {HEAP_MB} MB filled: no reply ({type(error).__name__}: {error}), kernel alive: {hogged.alive()}", {}
        seconds = time.monotonic() - started
        content = reply["content"]
        kept = hogged.alive() and hogged.result("kept") == "12345"
        hogged.note_memory()
        ok = content["status"] == "error" and kept
        return ok, f"heap of {HEAP_MB} MB filled: {content.get('ename')}: {content.get('evalue', '')[:110]} after {seconds:.1f} s; earlier value kept: {kept}", {
            "heap_stop_s": seconds}
    finally:
        hogged.close()


PROBES = [("resource", f"a cell fills a {HEAP_MB} MB heap", heap_exhausted)]
