"""Behaviour a notebook user relies on, checked through a real jupyter_client."""
import signal
import threading
import time
import unittest

from kernel_client import KernelSession


class ExecutionBehaviour(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.k = KernelSession()

    @classmethod
    def tearDownClass(cls):
        cls.k.close()

    def test_state_persists_across_cells(self):
        self.k.run("const persisted = { n: 41 };")
        reply, outputs = self.k.run("persisted.n + 1")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(self.k.result_text(outputs), "42")

    def test_execute_input_and_count(self):
        reply, outputs = self.k.run("1")
        inputs = [m for m in outputs if m["msg_type"] == "execute_input"]
        self.assertEqual(len(inputs), 1)
        self.assertEqual(inputs[0]["content"]["code"], "1")
        self.assertEqual(inputs[0]["content"]["execution_count"], reply["content"]["execution_count"])
        reply2, _ = self.k.run("2")
        self.assertEqual(reply2["content"]["execution_count"], reply["content"]["execution_count"] + 1)

    def test_silent_does_not_count_or_broadcast(self):
        before, _ = self.k.run("0")
        reply, outputs = self.k.run("123", silent=True)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertFalse([m for m in outputs if m["msg_type"] in ("execute_input", "execute_result")])
        after, _ = self.k.run("0")
        self.assertEqual(after["content"]["execution_count"], before["content"]["execution_count"] + 1)

    def test_runtime_error_has_name_value_traceback_relative_to_cell(self):
        reply, outputs = self.k.run("const ok = 1;\nfunction fails(): never {\n  throw new RangeError('too far');\n}\nfails();")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "RangeError")
        self.assertEqual(reply["content"]["evalue"], "too far")
        errors = [m for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1)
        traceback = "\n".join(errors[0]["content"]["traceback"])
        self.assertIn("3:", traceback, "the throwing line (3) of the cell is named")

    def test_type_error_is_an_error_with_cell_position(self):
        reply, outputs = self.k.run("const n: number = 1;\nconst s: string = n;")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("2:", reply["content"]["evalue"])
        self.assertIn("not assignable", reply["content"]["evalue"])

    def test_top_level_await(self):
        reply, outputs = self.k.run("const waited = await new Promise<number>((r) => setTimeout(() => r(7), 10));\nwaited * 6")
        self.assertEqual(self.k.result_text(outputs), "42")

    def test_node_builtins_import(self):
        reply, outputs = self.k.run('import * as os from "node:os";\nos.cpus().length > 0')
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(self.k.result_text(outputs), "true")

    def test_stop_on_error_aborts_only_queued_requests(self):
        failing = self.k.send("throw new Error('first');")
        queued = self.k.send("const neverDefined = 1;")
        self.assertEqual(self.k.collect(failing)[0]["content"]["status"], "error")
        self.assertEqual(self.k.collect(queued)[0]["content"]["status"], "aborted")
        reply, _ = self.k.run("neverDefined")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("Cannot find name 'neverDefined'", reply["content"]["evalue"])
        reply, outputs = self.k.run("'runs after the error'")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_update_display(self):
        code = (
            'import { display } from "tsparallel";\n'
            'const h = display.html("<i>first</i>");\n'
            'h.update("<i>second</i>");'
        )
        reply, outputs = self.k.run(code)
        kinds = [m["msg_type"] for m in outputs]
        self.assertIn("display_data", kinds)
        self.assertIn("update_display_data", kinds)
        first = next(m for m in outputs if m["msg_type"] == "display_data")
        update = next(m for m in outputs if m["msg_type"] == "update_display_data")
        self.assertEqual(first["content"]["transient"]["display_id"], update["content"]["transient"]["display_id"])


class InterruptAndRestart(unittest.TestCase):
    def setUp(self):
        self.k = KernelSession()

    def tearDown(self):
        self.k.close()

    def interrupt_after(self, seconds, how):
        def fire():
            time.sleep(seconds)
            how()
        threading.Thread(target=fire, daemon=True).start()

    def assert_interrupted_then_usable(self, code, how):
        self.k.run("const survivor = 'still here';")
        self.interrupt_after(1.0, how)
        reply, outputs = self.k.run(code, timeout=30)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        reply, outputs = self.k.run("survivor")
        self.assertEqual(self.k.result_text(outputs), "'still here'")

    def test_interrupt_message_stops_busy_loop(self):
        self.assert_interrupted_then_usable("while (true) {}", self.k.km.interrupt_kernel)

    def test_interrupt_message_abandons_pending_await(self):
        self.assert_interrupted_then_usable("await new Promise(() => {});", self.k.km.interrupt_kernel)

    def test_sigint_stops_busy_loop(self):
        self.assert_interrupted_then_usable("while (true) {}", lambda: self.k.km.signal_kernel(signal.SIGINT))

    def test_restart_clears_state(self):
        self.k.run("const beforeRestart = 1;")
        self.k.km.restart_kernel(now=False)
        self.k.kc.wait_for_ready(timeout=60)
        self.k.drain_iopub()
        reply, _ = self.k.run("beforeRestart")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("Cannot find name 'beforeRestart'", reply["content"]["evalue"])


if __name__ == "__main__":
    unittest.main()
