"""Restart time of tsparallel against ipykernel, through jupyter_client, interleaved.

    /usr/bin/python3 bench/python/restart_time.py [RUNS]

For each kernel and run: a started kernel runs a trivial cell, then
`KernelManager.restart_kernel(now=False)` (shutdown_request with restart=true,
wait for the process to end, start a new one) and `wait_for_ready` (a
kernel_info reply from the new process); the figure is the seconds from the
restart call to ready. Runs alternate between the kernels so that a busy
moment of the machine hits both. Prints one JSON object with every figure.
tsparallel is installed on a throwaway Jupyter path; ipykernel is Debian's
`python3` kernelspec.
"""
import json
import pathlib
import sys
import time

from jupyter_client.manager import start_new_kernel

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "test" / "clients"))
from kernel_env import ensure_kernel_installed  # noqa: E402

KERNELS = {"tsparallel": "1 + 1", "python3": "1 + 1"}


def one_restart(kernel_name, code):
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=60)
    try:
        kc.execute_interactive(code, timeout=60)
        old_pid = km.provisioner.pid
        start = time.monotonic()
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=60)
        seconds = time.monotonic() - start
        assert km.provisioner.pid != old_pid, "a new process"
        return seconds
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    ensure_kernel_installed()
    figures = {name: [] for name in KERNELS}
    for _ in range(runs):
        for name, code in KERNELS.items():
            figures[name].append(round(one_restart(name, code), 3))
    print(json.dumps({"restart_to_ready_s": figures}))


if __name__ == "__main__":
    main()
