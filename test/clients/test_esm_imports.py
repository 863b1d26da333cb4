"""npm packages that are ES modules only, imported from cells, through a real jupyter_client.

Cells compile to CommonJS. Node 20.19+ require() loads an ES-module-only package
(nanoid 5, a real one from npm, installed in the notebook's folder), but not one whose
module graph uses top-level await; the kernel loads those with import() when a cell
imports them statically, and answers a dynamic import() of one with a one-line error.
"""
import json
import pathlib
import shutil
import tempfile
import time
import unittest

from kernel_client import KernelSession

REPO = pathlib.Path(__file__).resolve().parents[2]


def write_package(folder, name, source, types):
    """An ES-module-only package as npm would install it: type module, exports, types."""
    root = folder / "node_modules" / name
    root.mkdir(parents=True)
    manifest = {"name": name, "version": "1.0.0", "type": "module",
                "exports": {".": {"types": "./index.d.ts", "default": "./index.js"}}}
    (root / "package.json").write_text(json.dumps(manifest))
    (root / "index.js").write_text(source)
    (root / "index.d.ts").write_text(types)


TLA_SOURCE = (
    "const settings = await Promise.resolve({ answer: 42 });\n"
    "export const answer = settings.answer;\n"
    "export function describe() { return `answer ${answer}`; }\n"
)
TLA_TYPES = "export declare const answer: number;\nexport declare function describe(): string;\n"


class EsModuleImports(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = pathlib.Path(tempfile.mkdtemp(prefix="tsparallel-esm-"))
        shutil.copytree(REPO / "node_modules" / "nanoid", cls.folder / "node_modules" / "nanoid")
        write_package(cls.folder, "settings-tla", TLA_SOURCE, TLA_TYPES)
        write_package(cls.folder, "lazy-tla", TLA_SOURCE, TLA_TYPES)
        write_package(cls.folder, "never-ready", "export const never = await new Promise(() => {});\n",
                      "export declare const never: unknown;\n")
        cls.k = KernelSession(cwd=str(cls.folder))
        cls.run_ok(cls, 'const kept = "still here";')

    @classmethod
    def tearDownClass(cls):
        cls.k.close()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def run_ok(self, code):
        reply, outputs = self.k.run(code)
        assert reply["content"]["status"] == "ok", reply["content"]
        return self.k.result_text(outputs)

    def run_error(self, code):
        reply, _ = self.k.run(code)
        self.assertEqual(reply["content"]["status"], "error", reply["content"])
        return reply["content"]

    def assert_state_kept(self):
        self.assertEqual(self.run_ok("kept"), "'still here'")

    def test_nanoid_is_es_module_only(self):
        manifest = json.loads((self.folder / "node_modules" / "nanoid" / "package.json").read_text())
        self.assertEqual(manifest["type"], "module")
        self.assertTrue(manifest["version"].startswith("5."), manifest["version"])

    def test_es_module_only_package_from_npm_with_its_types(self):
        self.assertEqual(self.run_ok('import { nanoid, customAlphabet } from "nanoid";\nnanoid().length'), "21")
        self.assertRegex(self.run_ok('customAlphabet("ab", 8)()'), r"^'[ab]{8}'$")
        error = self.run_error("const wrong: number = nanoid();")
        self.assertEqual(error["ename"], "TypeScriptError")
        self.assertIn("Type 'string' is not assignable to type 'number'", error["evalue"])

    def test_package_with_top_level_await_through_a_static_import(self):
        self.assertEqual(self.run_ok('import { answer, describe } from "settings-tla";\nanswer'), "42")
        self.assertEqual(self.run_ok("describe()"), "'answer 42'")
        # Loaded once: a dynamic import() of it now finds the same module.
        self.assertEqual(self.run_ok('(await import("settings-tla")).describe === describe'), "true")
        error = self.run_error("const text: string = answer;")
        self.assertIn("Type 'number' is not assignable to type 'string'", error["evalue"])

    def test_dynamic_import_of_a_package_with_top_level_await_is_a_one_line_error(self):
        error = self.run_error('const lazy = await import("lazy-tla");')
        self.assertEqual(error["ename"], "UsageError")
        self.assertIn('"lazy-tla" uses top-level await', error["evalue"])
        self.assertIn('import ... from "lazy-tla"', error["evalue"])
        self.assertNotIn("\n", error["evalue"])
        self.assert_state_kept()
        # What the error says to do works.
        self.assertEqual(self.run_ok('import { answer as lazyAnswer } from "lazy-tla";\nlazyAnswer'), "42")

    def test_interrupt_stops_a_top_level_await_that_never_settles(self):
        msg_id = self.k.send('import { never } from "never-ready";\nnever')
        time.sleep(1.0)
        self.k.km.interrupt_kernel()
        reply, _ = self.k.collect(msg_id, timeout=10)
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        self.assert_state_kept()


if __name__ == "__main__":
    unittest.main()
