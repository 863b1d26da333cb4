"""A stand-in for the Jupyter server: launches a kernel through jupyter_client,
optionally starts a cell that never ends, prints the kernel's pid, then waits to
be killed. The fault suite kills it with SIGKILL and watches the kernel.

    python3 parent_process.py KERNEL_NAME LANG idle|busy
"""
import json
import sys
import time

from jupyter_client.manager import KernelManager

from fault_kernel import snippet


def main():
    kernel_name, lang, mode = sys.argv[1:4]
    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    if mode == "busy":
        kc.execute(snippet("busy", lang))
        time.sleep(0.5)
    provisioner = getattr(km, "provisioner", None)
    process = getattr(provisioner, "process", None) or getattr(km, "kernel", None)
    print(json.dumps({"kernel_pid": process.pid}), flush=True)
    while True:
        time.sleep(60)


if __name__ == "__main__":
    main()
