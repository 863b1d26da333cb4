"""%parallel / %%parallel through a real jupyter_client and the kernel's own pool."""
import re
import unittest

from kernel_client import KernelSession

PLOTLY = "application/vnd.plotly.v1+json"
WORKER_ROW = re.compile(r"^worker \d+\s", re.MULTILINE)


class ParallelMagic(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.k = KernelSession()
        reply, _ = cls.k.run(
            "const A = $tsp.Matrix.rand(60, 50, { seed: 1 });\n"
            "const B = $tsp.Matrix.rand(50, 40, { seed: 2 });\n"
            "const expected = $tsp.matmul(A, B);"
        )
        assert reply["content"]["status"] == "ok", reply["content"]

    @classmethod
    def tearDownClass(cls):
        cls.k.close()

    def run_ok(self, code):
        reply, outputs = self.k.run(code, timeout=120)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        return outputs

    def displays(self, outputs):
        """Each display_data (not progress updates): its MIME bundle."""
        return [m["content"]["data"] for m in outputs if m["msg_type"] == "display_data"]

    def shown_text(self, outputs):
        return [d.get("text/plain", "") for d in self.displays(outputs)]

    def value(self, code):
        return self.k.result_text(self.run_ok(code))

    def assert_usage_error(self, code, message):
        reply, outputs = self.k.run(code)
        content = reply["content"]
        self.assertEqual(content["status"], "error")
        self.assertEqual(content["ename"], "UsageError")
        self.assertIn(message, content["evalue"])
        self.assertEqual(content["traceback"], [f"UsageError: {content['evalue']}"])
        self.assertNotIn("\n", content["evalue"])

    def test_status_shows_the_pool_and_its_per_task_cost(self):
        text = self.shown_text(self.run_ok("%parallel"))[0]
        self.assertTrue(text.startswith("The worker pool"), text)
        self.assertRegex(text, r"tasks run\s+\d+")
        self.assertRegex(text, r"per-task cost \(message round trip\)\s+[\d.]+ µs")

    def test_workers_flag_shows_a_trace_table_with_two_workers_and_a_chart(self):
        outputs = self.run_ok('%parallel -w 2 -g row await $tsp.parallelMatmul(A, B, { kernel: "naive" })')
        table, chart = self.shown_text(outputs)[:2]
        self.assertRegex(table, r"^matmul:naive: 2 workers, grain row, shared dispatch, shared transport, 60 chunks")
        self.assertEqual(len(WORKER_ROW.findall(table)), 2)
        for column in ("queued ms", "transfer ms", "compute ms", "idle ms"):
            self.assertIn(column, table)
        self.assertTrue(any(PLOTLY in d for d in self.displays(outputs)))
        self.assertIn('bar "idle"', chart)

    def test_assignment_keeps_the_statements_value(self):
        self.run_ok('const C = %parallel -q -w 2 await $tsp.parallelMatmul(A, B, { kernel: "dot" })')
        self.assertEqual(self.value("[C.rows, C.cols, C.allclose(expected, 1e-12)]"), "[ 60, 40, true ]")

    def test_compare_shows_a_table_with_three_rows_and_a_chart(self):
        outputs = self.run_ok(
            '%parallel --compare serial,1,2 -r 2 --flops 2*60*50*40 await $tsp.parallelMatmul(A, B, { kernel: "naive" })'
        )
        table = next(t for t in self.shown_text(outputs) if "time (median)" in t)
        modes = [line.split("  ")[0] for line in table.splitlines() if re.match(r"^(serial|\d+ workers?)\s", line)]
        self.assertEqual(modes, ["serial", "1 worker", "2 workers"])
        for column in ("speedup", "efficiency", "GFLOP/s", "mean ± std", "range (min–max)"):
            self.assertIn(column, table)
        # Round by round: the caption says the modes were interleaved, and each mode's range counts one run per round.
        self.assertIn("2 rounds after warm-up, the modes interleaved (each mode once per round, the order rotated each round)", table)
        mode_lines = [line for line in table.splitlines() if re.match(r"^(serial|\d+ workers?)\s", line)]
        self.assertEqual([re.search(r", (\d+) runs?\s", line).group(1) for line in mode_lines], ["2", "2", "2"])
        self.assertTrue(any(PLOTLY in d and "median time" in d.get("text/plain", "") for d in self.displays(outputs)))
        self.assertTrue(any(m["msg_type"] == "update_display_data" for m in outputs), "progress while measuring")

    def test_sweep_workers_with_the_model_adds_its_prediction(self):
        outputs = self.run_ok("%parallel --sweep workers=1,2 -r 2 --model P=20 await $tsp.parallelMatmul(A, B, { grain: \"row\" })")
        texts = self.shown_text(outputs)
        table = next(t for t in texts if "time (median)" in t)
        modes = [line.split("  ")[0] for line in table.splitlines() if re.match(r"^(serial|workers \d)", line)]
        self.assertEqual(modes, ["serial", "workers 1", "workers 2"])
        self.assertIn("2 rounds after warm-up, the modes interleaved", table)
        self.assertIn("model calibrated on the median 1-worker run of 5 rounds of serial, 1 and 2 workers, interleaved", table)
        self.assert_model_states_its_validation(texts)

    def test_model_states_its_validation_and_predicts_only_what_it_supports(self):
        outputs = self.run_ok('%parallel --compare serial,2 -r 1 --model P=8 -g row await $tsp.parallelMatmul(A, B, { kernel: "naive" })')
        self.assert_model_states_its_validation(self.shown_text(outputs))
        # The value keeps the calibration, and predictions only where the validation confirmed the model.
        self.run_ok('const m = %parallel -q --compare serial,2 -r 1 --model P=8 -g row await $tsp.parallelMatmul(A, B, { kernel: "naive" })\n'
                    'const mc = m.calibration!;')
        self.assertEqual(self.value("[mc.rounds, mc.validation.workers]"), "[ 5, 2 ]")
        self.assertEqual(self.value("m.predictions === undefined ? !mc.extrapolates : mc.extrapolates && m.predictions.length === 8"), "true")

    def assert_model_states_its_validation(self, texts):
        """The validation line, then a prediction with its error and a chart, or no number and no chart."""
        lines = next(t for t in texts if t.startswith("model: ")).splitlines()
        self.assertRegex(lines[0], r"^model: On 2 workers the model predicted [\d.]+×.* the runs measured [\d.]+× \([\d.]+–[\d.]+× over 5 rounds\)")
        charted = any(t.startswith("Figure: Predicted speedup on up to") for t in texts)
        if lines[0].endswith("%.") and "the validation error is" in lines[0]:
            self.assertRegex(lines[1], r"^model: Predicted on \d+ workers on \d+ cores: about [\d.]+× (faster than serial|the serial time).*\(validated on 2 workers, error \d+%\)")
            self.assertTrue(charted, "a confirmed model charts its predictions")
        else:
            self.assertRegex(lines[1], r"^model: No prediction for \d+ workers on \d+ cores: its own 2-worker runs (contradict|spread too widely)")
            self.assertNotRegex(lines[1], r"about [\d.]+×")
            self.assertFalse(charted, "no chart of a prediction the validation does not support")

    def test_workers_flag_alone_resizes_the_pool(self):
        previous = self.value("$tsp.pool.workers")
        size = "3" if previous != "3" else "1"
        try:
            text = self.shown_text(self.run_ok(f"%parallel -w {size}"))[0]
            self.assertRegex(text, rf"\nworkers\s+{size}\n")
            self.assertEqual(self.value("$tsp.pool.workers"), size)
        finally:
            self.run_ok(f"%parallel -w {previous}")
        self.assertEqual(self.value("$tsp.pool.workers"), previous)

    def test_off_runs_library_calls_inline_and_on_restores_the_pool(self):
        try:
            outputs = self.run_ok("%parallel off")
            self.assertIn("parallel mode off", self.k.stdout(outputs))
            self.run_ok("const tasksBefore = $tsp.pool.stats().tasksRun;")
            table = self.shown_text(self.run_ok("%parallel await $tsp.parallelMatmul(A, B)"))[0]
            self.assertIn("inline (serial)", table)
            self.assertIn("main (inline)", table)
            self.assertEqual(self.value("$tsp.pool.stats().tasksRun - tasksBefore"), "0")
        finally:
            outputs = self.run_ok("%parallel on")
        self.assertIn("parallel mode on", self.k.stdout(outputs))
        table = self.shown_text(self.run_ok("%parallel await $tsp.parallelMatmul(A, B)"))[0]
        self.assertRegex(table, r"\d+ workers, grain")
        self.assertNotEqual(self.value("$tsp.pool.stats().tasksRun - tasksBefore"), "0")

    def test_cell_magic_computes_into_the_output_matrix(self):
        self.run_ok("const S = $tsp.Matrix.zeros(A.rows, A.cols);\nconst scale = 2.5;")
        outputs = self.run_ok(
            "%%parallel -n A.rows --in A,scale --out S -w 2\n"
            "for (let j = 0; j < S.cols; j++) {\n"
            "  S.data[i * S.cols + j] = scale * A.data[i * A.cols + j];\n"
            "}"
        )
        self.assertRegex(self.shown_text(outputs)[0], r"^source: 2 workers")
        self.assertEqual(self.value("S.data.every((v, k) => v === 2.5 * A.data[k])"), "true")

    def test_cell_magic_with_a_missing_input_errors_before_running_and_keeps_state(self):
        self.run_ok("let kept = 41;\nconst T = $tsp.Matrix.zeros(4, 4);")
        self.assert_usage_error(
            "%%parallel --out T\nkept = 0;\nT.data[i] = A.data[i];",
            "loop body refers to 'kept', 'A', not among its inputs (T)",
        )
        self.assertEqual(self.value("[kept, T.data.every((v) => v === 0)]"), "[ 41, true ]")

    def test_bad_flags_are_usage_errors_and_the_kernel_goes_on(self):
        self.run_ok("const stillHere = 'yes';")
        for code, message in [
            ("%parallel -g grainy await $tsp.parallelMatmul(A, B)", "grain must be element, row, rows:K (K >= 1) or auto"),
            ("%parallel -d carrier await $tsp.parallelMatmul(A, B)", "choose from 'message', 'shared'"),
            ("%parallel -t teleport await $tsp.parallelMatmul(A, B)", "choose from 'shared', 'copy'"),
            ("%parallel -w many", "invalid int value: 'many'"),
            ("%parallel --compare serial,fast f()", "'fast' is not a mode"),
            ("%parallel --sweep colour=red f()", "sweep one of workers, grain, dispatch, transport"),
            ("%parallel --bogus f()", "option --bogus not recognized"),
        ]:
            with self.subTest(code=code):
                self.assert_usage_error(code, message)
        self.assertEqual(self.value("stillHere"), "'yes'")

    def test_help_is_generated_from_the_declaration(self):
        text = self.k.stdout(self.run_ok("%parallel?"))
        for part in ("Usage:", "%parallel off | on", "--compare MODES", "%%parallel -n N --in A,B --out C", "-d DISPATCH"):
            self.assertIn(part, text)


if __name__ == "__main__":
    unittest.main()
