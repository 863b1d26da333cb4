"""Puts a tsparallel kernelspec on a throwaway Jupyter path for the client tests.

The tests drive the kernel the way Jupyter does: through a kernelspec found on
JUPYTER_PATH. Installing into a temporary prefix keeps the user's own Jupyter
configuration untouched and proves `tsparallel install --prefix` works.
"""
import atexit
import os
import pathlib
import shutil
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = ROOT / "dist" / "src" / "cli.js"
KERNEL_NAME = "tsparallel"


def ensure_kernel_installed():
    """Installs the kernelspec once per process and points JUPYTER_PATH at it."""
    if os.environ.get("TSPARALLEL_TEST_PREFIX"):
        prefix = os.environ["TSPARALLEL_TEST_PREFIX"]
    else:
        prefix = tempfile.mkdtemp(prefix="tsparallel-jupyter-")
        atexit.register(shutil.rmtree, prefix, True)
        subprocess.run(
            ["node", str(CLI), "install", "--prefix", prefix, "--name", KERNEL_NAME],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        os.environ["TSPARALLEL_TEST_PREFIX"] = prefix
    jupyter_path = os.path.join(prefix, "share", "jupyter")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (jupyter_path, os.environ.get("JUPYTER_PATH", "")) if p
    )
    return jupyter_path
