"""Heavy ordinary use and late errors: what users do in cells."""
import threading
import time

from jupyter_client.session import Session

from fault_kernel import snippet


def text_of(outputs, name):
    return "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == name)


def result_of(outputs):
    for m in outputs:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"]["text/plain"]
    return None


def print_loop(lines, chars):
    def probe(k):
        started = time.monotonic()
        reply, outputs = k.run(snippet("print_loop", k.lang, lines=lines, chars=chars, tag=lines * chars), timeout=120)
        seconds = time.monotonic() - started
        delivered = len(text_of(outputs, "stdout"))
        produced = lines * chars
        messages = sum(1 for m in outputs if m["msg_type"] == "stream")
        ok = reply["content"]["status"] == "ok" and delivered == produced
        return ok, f"{produced / 1e6:.1f} MB printed: {delivered / produced:.1%} delivered in {messages} messages, idle after {seconds:.2f} s", {
            "output_produced": produced, "output_delivered": delivered, "print_s": seconds}
    return probe


def names_kept_after_error(k):
    reply, _ = k.run_snippet("error_after_name")
    value = k.result("name_after_error")
    return reply["content"]["status"] == "error" and value == "42", f"a name declared before the error: {value}", {}


def late_errors(k):
    reply, _ = k.run_snippet("late_throw")
    time.sleep(0.5)
    k.run("1")
    return k.alive(), "errors thrown by a timer and a promise after the cell ended", {}


def exit_call(k):
    reply, outputs = k.run_snippet("exit", timeout=30)
    status = reply["content"]["status"]
    return k.alive(), f"exit call in a cell: reply {status}, {reply['content'].get('ename', '')}", {}


def big_cell(k, chars=2_000_000):
    value = k.result("big_cell", payload="x" * chars)
    return value == str(chars), f"a cell of {chars / 1e6:.0f} million characters gives {value}", {}


def timeit_zero(k):
    if snippet("timeit_zero", k.lang) is None:
        return None
    reply, outputs = k.run_snippet("timeit_zero", timeout=30)
    ename = reply["content"].get("ename")
    return ename == "UsageError", f"%timeit -n 0: {ename or reply['content']['status']}", {}


def second_client(k):
    # Its own session (and so its own socket identity), as a second notebook tab or `jupyter console --existing` has.
    info = k.km.get_connection_info()
    other = k.km.client(session=Session(key=info["key"], signature_scheme=info["signature_scheme"]))
    other.start_channels()
    try:
        other.wait_for_ready(timeout=30)
        msg_id = other.execute(snippet("kept", k.lang))
        reply = k.reply_to(msg_id, client=other)
        outputs = k.outputs_of(msg_id, client=other)
        # The first client sees the other's cell on iopub too, as Jupyter's shared kernels do.
        seen_by_first = any(m["msg_type"] == "execute_input" for m in k.outputs_of(msg_id))
    finally:
        other.stop_channels()
    ok = reply["content"]["status"] == "ok" and result_of(outputs) == "12345" and seen_by_first
    return ok, f"a second client ran a cell (first client saw it: {seen_by_first})", {}


def reconnect(k):
    k.kc.stop_channels()
    k.kc = k.km.client()
    k.kc.start_channels()
    k.kc.wait_for_ready(timeout=30)
    return True, "client closed its channels and reconnected", {}


def history_glob(k):
    k.run("// " + "a" * 3000 if k.lang == "ts" else "# " + "a" * 3000)
    started = time.monotonic()
    msg_id = k.kc.history(hist_access_type="search", pattern="*a*a*a*a*a*a*a*a*a*a*b", output=False, raw=True)
    try:
        k.reply_to(msg_id, timeout=20)
        seconds = time.monotonic() - started
        return True, f"history search with a backtracking glob answered in {seconds:.2f} s", {}
    except Exception:
        return False, "history search with a backtracking glob: no answer in 20 s", {}


def worker_count_far_above_cores(k):
    if k.lang != "ts":
        return None
    code = ("const { Matrix, parallelMatmul } = $tsp;\nconst Aw = Matrix.rand(64, 64, { seed: 1 });\n"
            "const Cw = await parallelMatmul(Aw, Aw, { kernel: \"naive\", workers: 16 });\nCw.rows")
    started = time.monotonic()
    reply, outputs = k.run(code, timeout=120)
    seconds = time.monotonic() - started
    status = reply["content"]["status"]
    detail = reply["content"].get("evalue", "") if status == "error" else result_of(outputs)
    return status in ("ok", "error"), f"16 workers on the pool (8 per core here): {status} ({detail}) after {seconds:.1f} s", {}


def worker_heap_exhausted(k):
    if k.lang != "ts":
        return None
    k.run("await $tsp.pool.configure({ memoryLimitMb: 64 });\nconst Sw = $tsp.Matrix.zeros(2, 2);")
    code = "%%parallel -n 2 -w 2 --out Sw\nconst hog: number[][] = [];\nwhile (true) hog.push(new Array(100_000).fill(i));"
    started = time.monotonic()
    reply, _ = k.run(code, timeout=120)
    seconds = time.monotonic() - started
    k.run("await $tsp.pool.configure({ memoryLimitMb: undefined });")
    after, outputs = k.run("%parallel -w 2 await $tsp.parallelMatmul(Sw, Sw, { kernel: \"naive\" })")
    content = reply["content"]
    ok = content["status"] == "error" and after["content"]["status"] == "ok"
    return ok, f"a worker filled its 64 MB heap: {content.get('ename')}: {content.get('evalue', '')[:110]} after {seconds:.1f} s; the pool ran again: {after['content']['status']}", {}


PROBES = [
    ("flood", "print loop of 100,000 lines", print_loop(100_000, 11)),
    ("flood", "print loop of 10 MB", print_loop(100_000, 100)),
    ("late", "names kept after an error", names_kept_after_error),
    ("late", "errors after the cell ended", late_errors),
    ("late", "exit call in a cell", exit_call),
    ("resource", "a 2-million-character cell", big_cell),
    ("resource", "16 workers on 2 cores", worker_count_far_above_cores),
    ("resource", "a worker fills its heap", worker_heap_exhausted),
    ("usage", "%timeit -n 0", timeit_zero),
    ("clients", "second client", second_client),
    ("clients", "reconnect", reconnect),
    ("clients", "history glob", history_glob),
]
