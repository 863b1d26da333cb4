"""A kernel that shuts down normally says nothing on stderr.

Jupyter shows a kernel's stderr in the server's terminal, so every line there
reads as a problem. jupyter_client interrupts the kernel before each shutdown
and restart; neither that nor the shutdown itself is worth a line unless
TSPARALLEL_DEBUG asks for diagnostics.
"""
import os
import tempfile
import unittest

from jupyter_client.manager import KernelManager

from kernel_env import KERNEL_NAME, ensure_kernel_installed

TIMEOUT = 60


class QuietShutdown(unittest.TestCase):
    def setUp(self):
        ensure_kernel_installed()
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.addCleanup(self.stderr.close)

    def start(self, **env):
        km = KernelManager(kernel_name=KERNEL_NAME)
        km.start_kernel(stderr=self.stderr, env={**os.environ, **env})
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=TIMEOUT)
        return km, kc

    def run_cell(self, kc, code):
        reply = kc.execute_interactive(code, timeout=TIMEOUT, output_hook=lambda msg: None)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])

    def stop(self, km, kc):
        kc.stop_channels()
        km.shutdown_kernel(now=False)

    def written(self):
        self.stderr.seek(0)
        return self.stderr.read()

    def test_shutdown_prints_nothing(self):
        # Three times: the last status message of a shutdown raced the closing of
        # iopub and was dropped, with a line on stderr, in about half the runs.
        for _ in range(3):
            km, kc = self.start()
            self.run_cell(kc, "const answer = 6 * 7; answer")
            process = km.provisioner.process
            self.stop(km, kc)
            self.assertEqual(process.returncode, 0, "the kernel exits by itself, not killed")
        self.assertEqual(self.written(), "")

    def test_restart_ends_the_old_process_at_once_and_quietly(self):
        km, kc = self.start()
        self.run_cell(kc, "const before = 1;")
        old = km.provisioner.process
        km.restart_kernel(now=False)
        # jupyter_client waits for the old process and sends SIGTERM after 2.5 s:
        # exit code 0 means it ended on the shutdown request, not on the signal.
        self.assertEqual(old.returncode, 0)
        kc.wait_for_ready(timeout=TIMEOUT)
        self.run_cell(kc, "const after = 2;")
        self.stop(km, kc)
        self.assertEqual(self.written(), "")

    def test_debug_still_logs_the_interrupt(self):
        km, kc = self.start(TSPARALLEL_DEBUG="1")
        self.stop(km, kc)
        self.assertRegex(self.written(), r"\[tsparallel\] interrupt_request \S+: SIGINT raised")


if __name__ == "__main__":
    unittest.main()
