"""A small synchronous driver over jupyter_client for behaviour tests."""
import queue
import time

from jupyter_client.manager import start_new_kernel

from kernel_env import KERNEL_NAME, ensure_kernel_installed

TIMEOUT = 60


class KernelSession:
    """One real kernel process started through its kernelspec, as Jupyter starts it."""

    def __init__(self, **kwargs):
        ensure_kernel_installed()
        self.km, self.kc = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=60, **kwargs)

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def send(self, code, **kwargs):
        return self.kc.execute(code, **kwargs)

    def collect(self, msg_id, timeout=TIMEOUT):
        """Returns (execute_reply, [iopub messages]) for one request, up to its idle status."""
        reply = self.shell_reply(msg_id, timeout)
        outputs = []
        deadline = time.monotonic() + timeout
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return reply, outputs
            if msg["msg_type"] != "status":
                outputs.append(msg)

    def shell_reply(self, msg_id, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            msg = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def run(self, code, timeout=TIMEOUT, **kwargs):
        return self.collect(self.send(code, **kwargs), timeout)

    def stdout(self, outputs):
        return "".join(
            m["content"]["text"] for m in outputs
            if m["msg_type"] == "stream" and m["content"]["name"] == "stdout"
        )

    def result_text(self, outputs):
        for m in outputs:
            if m["msg_type"] == "execute_result":
                return m["content"]["data"]["text/plain"]
        return None

    def drain_iopub(self):
        while True:
            try:
                self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                return
