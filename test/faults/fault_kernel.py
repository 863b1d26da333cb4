"""A kernel under probe: launched through its kernelspec, as Jupyter launches it,
with what the fault probes need to reach around the client (the process id, the
connection info, a raw socket) and to say what a language writes for a snippet.

Both kernels under comparison (tsparallel and ipykernel) are driven by the same
probes; SNIPPETS gives each probe's code in each kernel's language.
"""
import os
import queue
import time

import zmq
from jupyter_client.manager import KernelManager

TIMEOUT = 60

# What a probe asks the kernel to do, in TypeScript (tsparallel) and Python (ipykernel).
SNIPPETS = {
    "keep": {"ts": "const keptValue = 12345", "py": "keptValue = 12345"},
    "kept": {"ts": "keptValue", "py": "keptValue"},
    "mark": {"ts": '(globalThis as any)["{name}"] = ((globalThis as any)["{name}"] ?? 0) + 1',
             "py": 'globals()["{name}"] = globals().get("{name}", 0) + 1'},
    "marks": {"ts": '(globalThis as any)["{name}"] ?? 0', "py": 'globals().get("{name}", 0)'},
    "busy": {"ts": "while (true) {}", "py": "while True: pass"},
    "sleep_busy": {"ts": "{ const until = Date.now() + {ms}; while (Date.now() < until) {} }",
                   "py": "import time as _t\n_until = _t.time() + {ms} / 1000\nwhile _t.time() < _until: pass"},
    "print_loop": {"ts": 'const line{tag} = "x".repeat({chars} - 1);\nfor (let j = 0; j < {lines}; j++) console.log(line{tag});',
                   "py": "line = 'x' * ({chars} - 1)\nfor j in range({lines}):\n    print(line)"},
    "error_after_name": {"ts": 'const keptBeforeError = 41;\nthrow new Error("after a declaration")',
                         "py": 'keptBeforeError = 41\nraise Exception("after a declaration")'},
    "name_after_error": {"ts": "keptBeforeError + 1", "py": "keptBeforeError + 1"},
    "late_throw": {"ts": 'setTimeout(() => { throw new Error("thrown by a timer after the cell") }, 20);\nPromise.reject(new Error("rejected after the cell"));',
                   "py": "import threading\nthreading.Timer(0.02, lambda: 1 / 0).start()"},
    "exit": {"ts": "process.exit(3)", "py": "import sys\nsys.exit(3)"},
    "big_cell": {"ts": 'const bigLength = "{payload}".length;\nbigLength', "py": 'bigLength = len("{payload}")\nbigLength'},
    # IPython reads -n 0 as "choose for me"; this kernel refuses it, so only its own side is probed.
    "timeit_zero": {"ts": "%timeit -n 0 1+1", "py": None},
    # Many small arrays, as the data a cell builds up usually is: a loop of 8 MB arrays at full
    # speed can outrun the heap watch's 100 ms sampling on a loaded machine (a stated limit).
    "heap_hog": {"ts": "const hog: number[][] = [];\nwhile (true) hog.push(new Array(1000).fill(Math.random()));", "py": None},
}


def snippet(snippet_name, lang, **fields):
    text = SNIPPETS[snippet_name][lang]
    if text is None:
        return None
    for key, value in fields.items():
        text = text.replace("{" + key + "}", str(value))
    return text


class KernelDied(Exception):
    pass


class ProbedKernel:
    """One kernel process and a jupyter_client client on it."""

    def __init__(self, kernel_name, lang, extra_env=None):
        self.kernel_name = kernel_name
        self.lang = lang
        env = dict(os.environ)
        env.update(extra_env or {})
        self.km = KernelManager(kernel_name=kernel_name)
        self.km.start_kernel(env=env)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=TIMEOUT)
        self.peak_mb = 0.0

    @property
    def pid(self):
        provisioner = getattr(self.km, "provisioner", None)
        process = getattr(provisioner, "process", None) or getattr(self.km, "kernel", None)
        return process.pid

    def exit_status(self):
        provisioner = getattr(self.km, "provisioner", None)
        process = getattr(provisioner, "process", None)
        return process.poll() if process is not None else None

    def alive(self):
        return self.km.is_alive()

    def note_memory(self):
        """Keeps the highest resident memory seen (VmHWM is already a high-water mark)."""
        try:
            with open(f"/proc/{self.pid}/status") as status:
                for row in status:
                    if row.startswith("VmHWM:"):
                        self.peak_mb = max(self.peak_mb, int(row.split()[1]) / 1024)
        except OSError:
            pass

    def close(self):
        self.note_memory()
        self.kc.stop_channels()
        if self.km.has_kernel:
            self.km.shutdown_kernel(now=True)

    # --- running cells -------------------------------------------------------

    def send(self, code, **kwargs):
        return self.kc.execute(code, **kwargs)

    def reply_to(self, msg_id, timeout=TIMEOUT, client=None):
        client = client or self.kc
        deadline = time.monotonic() + timeout
        while True:
            msg = self._next(client.get_shell_msg, deadline)
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def _next(self, get, deadline):
        """The next message from `get`, in slices of a second so that a kernel that died is noticed at once."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no answer in time")
            try:
                return get(timeout=min(1.0, remaining))
            except queue.Empty:
                if not self.km.is_alive():
                    raise KernelDied(f"the kernel process ended (exit status {self.exit_status()})")

    def outputs_of(self, msg_id, timeout=TIMEOUT, client=None):
        """iopub messages of one request up to its idle status (TimeoutError if idle never comes)."""
        client = client or self.kc
        outputs = []
        deadline = time.monotonic() + timeout
        while True:
            msg = self._next(client.get_iopub_msg, deadline)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return outputs
            if msg["msg_type"] != "status":
                outputs.append(msg)

    def run(self, code, timeout=TIMEOUT, **kwargs):
        msg_id = self.send(code, **kwargs)
        reply = self.reply_to(msg_id, timeout)
        return reply, self.outputs_of(msg_id, timeout)

    def run_snippet(self, snippet_name, timeout=TIMEOUT, **fields):
        return self.run(snippet(snippet_name, self.lang, **fields), timeout)

    def result(self, snippet_name, **fields):
        reply, outputs = self.run_snippet(snippet_name, **fields)
        for m in outputs:
            if m["msg_type"] == "execute_result":
                return m["content"]["data"]["text/plain"]
        return None

    def drain_iopub(self):
        while True:
            try:
                self.kc.get_iopub_msg(timeout=0.05)
            except queue.Empty:
                return

    # --- around the client ---------------------------------------------------

    def raw_socket(self, channel, identity=None):
        """A DEALER of our own on shell or control, as a second, hand-written client would open."""
        info = self.km.get_connection_info()
        sock = zmq.Context.instance().socket(zmq.DEALER)
        sock.linger = 0
        if identity is not None:
            sock.setsockopt(zmq.IDENTITY, identity)
        sock.connect(f"{info['transport']}://{info['ip']}:{info[channel + '_port']}")
        return sock

    def wait_exit(self, timeout):
        """Seconds until the kernel process is gone, or None if it outlives `timeout`."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if not self.km.is_alive():
                return time.monotonic() - started
            time.sleep(0.02)
        return None
