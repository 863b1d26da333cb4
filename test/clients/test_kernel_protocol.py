"""The kernel against jupyter_kernel_test: the reference conformance suite for Jupyter kernels."""
import unittest

import jupyter_kernel_test

from kernel_env import KERNEL_NAME, ensure_kernel_installed

ensure_kernel_installed()


class TsparallelKernelConformance(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world");'
    code_stderr = 'console.error("something went wrong");'

    completion_samples = [
        {"text": "const helloWorldValue = 1;\nhelloWorldV", "matches": {"helloWorldValue"}},
    ]

    complete_code_samples = ["1 + 1", "const x = 1;", "function f() {\n  return 1;\n}"]
    incomplete_code_samples = ["function f() {", "const a = [1,", "if (true) {"]
    invalid_code_samples = ["}"]

    code_generate_error = 'throw new Error("boom");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"a" + "b"', "result": "'ab'"},
        {"code": "[1, 2, 3].map((x) => x * 2)", "result": "[ 2, 4, 6 ]"},
    ]

    code_display_data = [
        {"code": 'import { display } from "tsparallel";\ndisplay.html("<b>hi</b>");', "mime": "text/html"},
        {"code": 'import { display } from "tsparallel";\ndisplay.markdown("**hi**");', "mime": "text/markdown"},
    ]

    code_history_pattern = "6*7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = 'import { clearOutput } from "tsparallel";\nclearOutput();'


if __name__ == "__main__":
    unittest.main()
