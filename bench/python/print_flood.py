"""One print-loop probe against one kernel, through jupyter_client, as a notebook drives it.

    /usr/bin/python3 bench/python/print_flood.py KERNEL_NAME LINES LINE_CHARS [LIMIT_S]

Runs a cell that prints LINES lines of LINE_CHARS characters each (the kernel's
own language: TypeScript for tsparallel, Python for ipykernel), then a trivial
cell, and prints one JSON object: seconds from the request to the cell's idle
status, stream bytes and messages delivered, whether idle arrived, the kernel
process's peak resident memory (VmHWM), and the next cell's round trip.
JUPYTER_PATH must let jupyter_client find KERNEL_NAME.
"""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel


def print_loop(kernel_name, lines, chars):
    if kernel_name.startswith("python"):
        return f"line = 'x' * {chars - 1}\nfor j in range({lines}):\n    print(line)"
    return f'const line = "x".repeat({chars - 1});\nfor (let j = 0; j < {lines}; j++) console.log(line);'


def peak_memory_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for row in status:
            if row.startswith("VmHWM:"):
                return int(row.split()[1]) / 1024
    return float("nan")


def kernel_pid(km):
    provisioner = getattr(km, "provisioner", None)
    process = getattr(provisioner, "process", None) or getattr(km, "kernel", None)
    return process.pid


def run_cell(kc, code, limit_s):
    """Sends code; returns (seconds to idle or None, stream bytes, stream messages)."""
    started = time.monotonic()
    msg_id = kc.execute(code)
    received = messages = 0
    while True:
        remaining = limit_s - (time.monotonic() - started)
        if remaining <= 0:
            return None, received, messages
        try:
            msg = kc.get_iopub_msg(timeout=remaining)
        except Exception:
            return None, received, messages
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            received += len(msg["content"]["text"].encode())
            messages += 1
        elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return time.monotonic() - started, received, messages


def main():
    kernel_name, lines, chars = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    limit_s = float(sys.argv[4]) if len(sys.argv) > 4 else 120.0
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=60)
    try:
        run_cell(kc, "1+1", 60)  # warm: the first cell pays for the front end
        seconds, received, messages = run_cell(kc, print_loop(kernel_name, lines, chars), limit_s)
        next_started = time.monotonic()
        next_seconds, _, _ = run_cell(kc, "1+1", 60)
        print(json.dumps({
            "kernel": kernel_name,
            "lines": lines,
            "produced_bytes": lines * chars,
            "seconds": seconds,
            "idle_seen": seconds is not None,
            "delivered_bytes": received,
            "messages": messages,
            "peak_mb": peak_memory_mb(kernel_pid(km)),
            "next_cell_s": next_seconds if next_seconds is not None else time.monotonic() - next_started,
        }))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
