"""Runs cells in the kernel that `tsparallel install --user` registered, as Jupyter would.

Used by package.test.ts after installing the packed tarball into a throwaway
prefix and HOME. The kernelspec is found the way Jupyter finds it (the user's
data directory under $HOME); the cells come as a JSON list on stdin, and one
JSON object goes to stdout: where the kernelspec was found, its argv, and per
cell the reply's status, error, printed text and the text/plain of each result
or display.
"""
import json
import sys

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel

TIMEOUT = 120


def run_cell(kc, code):
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
    stdout, shown = [], []
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status" and content["execution_state"] == "idle":
            break
        if kind == "stream" and content["name"] == "stdout":
            stdout.append(content["text"])
        if kind in ("execute_result", "display_data"):
            shown.append(content["data"].get("text/plain", ""))
    content = reply["content"]
    return {
        "status": content["status"],
        "error": f"{content.get('ename')}: {content.get('evalue')}" if content["status"] == "error" else None,
        "stdout": "".join(stdout),
        "shown": shown,
    }


def main():
    cells = json.load(sys.stdin)
    spec = KernelSpecManager().get_kernel_spec("tsparallel")
    km, kc = start_new_kernel(kernel_name="tsparallel", startup_timeout=TIMEOUT)
    try:
        results = [run_cell(kc, code) for code in cells]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    json.dump({"resource_dir": spec.resource_dir, "argv": spec.argv, "cells": results}, sys.stdout)


if __name__ == "__main__":
    main()
