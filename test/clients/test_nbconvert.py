"""Headless execution with nbconvert, the way reports are published."""
import os
import pathlib
import subprocess
import tempfile
import unittest

import nbformat

from kernel_env import ensure_kernel_installed

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures"


def nbconvert_execute(notebook, output_dir):
    return subprocess.run(
        ["/usr/bin/python3", "-m", "jupyter", "nbconvert", "--execute", "--to", "notebook",
         "--ExecutePreprocessor.timeout=120", "--output-dir", output_dir, str(notebook)],
        capture_output=True, text=True, env=os.environ.copy(),
    )


class NbconvertExecution(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        ensure_kernel_installed()

    def test_tagged_error_is_tolerated_and_next_cell_runs(self):
        with tempfile.TemporaryDirectory() as out:
            run = nbconvert_execute(FIXTURES / "tagged-error.ipynb", out)
            self.assertEqual(run.returncode, 0, run.stderr)
            nb = nbformat.read(os.path.join(out, "tagged-error.ipynb"), as_version=4)
        code_cells = [c for c in nb.cells if c.cell_type == "code"]
        self.assertEqual([c.execution_count for c in code_cells], [1, 2, 3, 4])
        self.assertEqual(code_cells[1].outputs[0]["data"]["text/plain"], "2")
        error = code_cells[2].outputs[0]
        self.assertEqual(error["output_type"], "error")
        self.assertEqual(error["ename"], "TypeError")
        self.assertEqual(error["evalue"], "expected failure")
        self.assertEqual(code_cells[3].outputs[0]["data"]["text/plain"], "'hi again'")

    def test_untagged_error_fails_the_run(self):
        with tempfile.TemporaryDirectory() as out:
            run = nbconvert_execute(FIXTURES / "untagged-error.ipynb", out)
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("unexpected failure", run.stderr)


if __name__ == "__main__":
    unittest.main()
