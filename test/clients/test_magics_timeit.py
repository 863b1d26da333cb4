"""%timeit / %%timeit and the magic layer, through a real jupyter_client."""
import re
import unittest

from kernel_client import KernelSession

TIMEIT_LINE = re.compile(
    r"^(?P<mean>[\d.]+) (?P<unit>ns|µs|ms|s) ± [\d.]+ (ns|µs|ms|s) per loop "
    r"\(mean ± std\. dev\. of (?P<runs>\d+) runs?, (?P<loops>[\d,]+) loops? each\)$",
    re.MULTILINE,
)
SECONDS = {"ns": 1e-9, "µs": 1e-6, "ms": 1e-3, "s": 1.0}


class TimeitMagic(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.k = KernelSession()
        reply, _ = cls.k.run("let calls = 0;\nfunction f(): number { calls++; return Math.sqrt(calls); }")
        assert reply["content"]["status"] == "ok", reply["content"]

    @classmethod
    def tearDownClass(cls):
        cls.k.close()

    def run_ok(self, code):
        reply, outputs = self.k.run(code)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        return outputs

    def test_line_magic_prints_ipython_line_and_runs_loops_times_repeats(self):
        self.run_ok("calls = 0;")
        match = TIMEIT_LINE.search(self.k.stdout(self.run_ok("%timeit -n 10 -r 3 f()")))
        self.assertIsNotNone(match)
        self.assertEqual(match["runs"], "3")
        self.assertEqual(match["loops"], "10")
        self.assertEqual(self.k.result_text(self.run_ok("calls")), "30")

    def test_cell_magic_runs_setup_once_per_measurement(self):
        self.run_ok("let setups = 0;\nlet bodies = 0;")
        outputs = self.run_ok("%%timeit -n 5 -r 4 setups++\nbodies++;\nMath.sqrt(bodies);")
        self.assertIsNotNone(TIMEIT_LINE.search(self.k.stdout(outputs)))
        self.assertEqual(self.k.result_text(self.run_ok("[setups, bodies]")), "[ 4, 20 ]")

    def test_output_flag_returns_result_object(self):
        self.run_ok("const measured = %timeit -o -q -n 3 -r 2 f()")
        text = self.k.result_text(self.run_ok(
            "[measured.loops, measured.repeat, measured.all_runs.length, measured.timings.length,"
            " measured.best <= measured.average, measured.average <= measured.worst, typeof measured.stdev,"
            " typeof measured.compile_time]"))
        self.assertEqual(text, "[ 3, 2, 2, 2, true, true, 'number', 'number' ]")

    def test_result_object_displays_as_the_timeit_line(self):
        self.run_ok("const shown = %timeit -o -q -n 2 -r 2 f()")
        outputs = self.run_ok("shown")
        self.assertIsNotNone(TIMEIT_LINE.search(self.k.result_text(outputs)))
        result = next(m for m in outputs if m["msg_type"] == "execute_result")
        self.assertIn("text/html", result["content"]["data"])

    def test_quiet_prints_nothing(self):
        outputs = self.run_ok("%timeit -q -n 2 -r 2 f()")
        self.assertEqual(self.k.stdout(outputs), "")

    def test_async_statement_is_awaited_inside_the_timing(self):
        outputs = self.run_ok("%timeit -n 2 -r 2 await new Promise((r) => setTimeout(r, 25))")
        match = TIMEIT_LINE.search(self.k.stdout(outputs))
        self.assertIsNotNone(match)
        self.assertGreaterEqual(float(match["mean"]) * SECONDS[match["unit"]], 0.020)

    def test_bad_input_is_a_one_line_usage_error_and_state_survives(self):
        self.run_ok("const survives = 'yes';")
        for code, message in [
            ("%timeit -n abc f()", "-n"),
            ("%timeit --bogus f()", "bogus"),
            ("%timeit -n", "-n"),
            # Zero loops or repeats is refused, not autoranged.
            ("%timeit -n 0 1+1", "argument -n: must be at least 1, got 0"),
            ("%timeit -r 0 1+1", "argument -r: must be at least 1, got 0"),
            ("%%timeit -n 0\n1+1", "argument -n: must be at least 1, got 0"),
            ("%nosuchmagic", "Line magic function `%nosuchmagic` not found."),
            ("%%nosuchmagic\n1", "Cell magic `%%nosuchmagic` not found."),
        ]:
            with self.subTest(code=code):
                reply, outputs = self.k.run(code)
                self.assertEqual(reply["content"]["status"], "error")
                self.assertEqual(reply["content"]["ename"], "UsageError")
                self.assertIn(message, reply["content"]["evalue"])
                self.assertEqual(len(reply["content"]["traceback"]), 1)
        self.assertEqual(self.k.result_text(self.run_ok("survives")), "'yes'")

    def test_help_and_lsmagic(self):
        help_text = "".join(
            str(m["content"].get("text", m["content"].get("data", {}).get("text/plain", "")))
            for m in self.run_ok("%timeit?"))
        self.assertIn("-n", help_text)
        self.assertIn("-r", help_text)
        listing = "".join(
            str(m["content"].get("text", m["content"].get("data", {}).get("text/plain", "")))
            for m in self.run_ok("%lsmagic"))
        self.assertIn("%timeit", listing)
        self.assertIn("%%timeit", listing)

    def test_type_error_inside_timed_statement_points_at_user_line(self):
        reply, _ = self.k.run("const x = 1;\n%timeit -n 1 -r 1 x.notAMethod()")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("notAMethod", reply["content"]["evalue"])
        self.assertTrue(reply["content"]["evalue"].startswith("2:"), reply["content"]["evalue"])


if __name__ == "__main__":
    unittest.main()
