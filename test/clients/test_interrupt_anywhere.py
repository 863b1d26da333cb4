"""Interrupts of code that runs outside a cell's synchronous part.

A busy loop in a timer callback the cell scheduled is stopped with KeyboardInterrupt.
One resumed from the microtask queue (after an await, in a .then callback) cannot be
stopped on Node 20: the kernel says so in the notebook, with the restart path."""
import queue
import signal
import time
import unittest

from kernel_client import KernelSession

NOTICE = "Restart the kernel"
# The notice comes 3 s after the interrupt; allow for a slow, shared machine.
NOTICE_TIMEOUT = 20


class KernelTest(unittest.TestCase):
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


class TimerCallbacks(KernelTest):
    """One kernel for all: each interrupt must leave it usable."""

    @classmethod
    def setUpClass(cls):
        cls.k = KernelSession()
        cls.k.run("const survivor = 'still here';")

    @classmethod
    def tearDownClass(cls):
        cls.k.close()

    def assert_usable(self):
        _, outputs = self.k.run("survivor", timeout=30)
        self.assertEqual(self.k.result_text(outputs), "'still here'")

    def assert_timer_loop_stopped_after_the_cell_ended(self, schedule, how):
        reply, _ = self.k.run(schedule + "(() => { console.log('spinning'); while (true) {} });")
        self.assertEqual(reply["content"]["status"], "ok")
        self.wait_for_spinning()
        how()
        stderr = self.stderr_of(reply["parent_header"]["msg_id"], 4)
        self.assertIn("KeyboardInterrupt", stderr)
        self.assertNotIn(NOTICE, stderr)
        self.assert_usable()

    def test_interrupt_message_stops_set_timeout_loop(self):
        self.assert_timer_loop_stopped_after_the_cell_ended("setTimeout", self.k.km.interrupt_kernel)

    def test_sigint_stops_set_timeout_loop(self):
        self.assert_timer_loop_stopped_after_the_cell_ended("setTimeout", lambda: self.k.km.signal_kernel(signal.SIGINT))

    def test_interrupt_message_stops_set_immediate_loop(self):
        self.assert_timer_loop_stopped_after_the_cell_ended("setImmediate", self.k.km.interrupt_kernel)

    def test_sigint_stops_set_interval_loop_while_the_cell_awaits(self):
        msg_id = self.k.send(
            "await new Promise(() => { const t = setInterval(() => { clearInterval(t); console.log('spinning'); while (true) {} }, 50); });"
        )
        self.wait_for_spinning()
        self.k.km.signal_kernel(signal.SIGINT)
        reply = self.k.shell_reply(msg_id, timeout=30)
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        self.assert_usable()


class StalledInterruptNotice(KernelTest):
    """A kernel per test: a loop that cannot be stopped leaves it busy for good."""

    def setUp(self):
        self.k = KernelSession()

    def tearDown(self):
        self.k.close()

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

    def test_sigint_on_library_timer_callback_after_the_cell_ended(self):
        # Only timers a cell's own code schedules are interruptible; node:timers stands for a library's.
        reply, _ = self.k.run("require('node:timers').setTimeout(() => { console.log('spinning'); while (true) {} }, 300);")
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
