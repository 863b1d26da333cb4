"""Code Node 20 cannot interrupt (a busy loop resumed from the microtask queue or a timer):
the kernel says so in the notebook, with the restart path, instead of staying silent."""
import queue
import signal
import time
import unittest

from kernel_client import KernelSession

NOTICE = "Restart the kernel"
# The notice comes 3 s after the interrupt; allow for a slow, shared machine.
NOTICE_TIMEOUT = 20


class StalledInterruptNotice(unittest.TestCase):
    def setUp(self):
        self.k = KernelSession()

    def tearDown(self):
        self.k.close()

    def wait_for_spinning(self, timeout=60):
        """Waits until the cell's loop prints that it runs (a type check may come first)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = self.k.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                continue
            if msg["msg_type"] == "stream" and "spinning" in msg["content"]["text"]:
                return
        self.fail("the cell's loop never started")

    def stderr_of(self, msg_id, timeout):
        """Stderr text sent for request msg_id within timeout seconds."""
        text = ""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = self.k.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream" and msg["content"]["name"] == "stderr":
                text += msg["content"]["text"]
                if NOTICE in text:
                    return text
        return text

    def assert_notice(self, code, how):
        msg_id = self.k.send(code)
        self.wait_for_spinning()
        how()
        self.assertIn(NOTICE, self.stderr_of(msg_id, NOTICE_TIMEOUT))

    def test_interrupt_message_on_loop_after_await(self):
        self.assert_notice("await null; console.log('spinning'); while (true) {}", self.k.km.interrupt_kernel)

    def test_sigint_on_loop_after_await(self):
        self.assert_notice("await null; console.log('spinning'); while (true) {}", lambda: self.k.km.signal_kernel(signal.SIGINT))

    def test_interrupt_message_on_loop_in_then_callback(self):
        self.assert_notice("Promise.resolve().then(() => { console.log('spinning'); while (true) {} });", self.k.km.interrupt_kernel)

    def test_sigint_on_timer_callback_after_the_cell_ended(self):
        reply, _ = self.k.run("setTimeout(() => { console.log('spinning'); while (true) {} }, 300);")
        self.assertEqual(reply["content"]["status"], "ok")
        self.wait_for_spinning()
        # The notice goes to the cell that started the timer (the last one run).
        self.k.km.signal_kernel(signal.SIGINT)
        self.assertIn(NOTICE, self.stderr_of(reply["parent_header"]["msg_id"], NOTICE_TIMEOUT))

    def test_no_notice_when_the_interrupt_gets_through(self):
        self.k.run("const survivor = 'still here';")
        msg_id = self.k.send("console.log('spinning'); while (true) {}")
        self.wait_for_spinning()
        self.k.km.interrupt_kernel()
        reply = self.k.shell_reply(msg_id, timeout=30)
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        self.assertNotIn(NOTICE, self.stderr_of(msg_id, 5))
        _, outputs = self.k.run("survivor")
        self.assertEqual(self.k.result_text(outputs), "'still here'")


if __name__ == "__main__":
    unittest.main()
