"""Lifecycle: interrupts and signals at odd moments, restarts, shutdowns, a parent that dies."""
import json
import os
import signal
import subprocess
import sys
import threading
import time

from fault_kernel import snippet

HERE = os.path.dirname(os.path.abspath(__file__))


def storm(action, period_s, seconds):
    """Repeats `action` every period_s for `seconds` on a thread; returns (thread, counter)."""
    count = [0]

    def loop():
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            try:
                action()
                count[0] += 1
            except Exception:
                pass
            time.sleep(period_s)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return thread, count


def short_cells_during(k, thread):
    """Runs short cells until the storm ends; returns (cells answered, cells sent)."""
    sent = answered = 0
    while thread.is_alive():
        msg_id = k.send(snippet("sleep_busy", k.lang, ms=5), store_history=False)
        sent += 1
        try:
            k.reply_to(msg_id, timeout=30)
            k.outputs_of(msg_id, timeout=30)
            answered += 1
        except Exception:
            break
    return answered, sent


def interrupt_storm_busy(k):
    thread, count = storm(k.km.interrupt_kernel, 0.02, 3)
    answered, sent = short_cells_during(k, thread)
    thread.join()
    time.sleep(0.3)
    k.drain_iopub()
    return k.alive(), f"{count[0]} interrupt requests every 20 ms over 3 s of short cells: {answered}/{sent} cells answered", {}


def sigint_storm(busy):
    def probe(k):
        pid = k.pid
        thread, count = storm(lambda: os.kill(pid, signal.SIGINT), 0.005, 2)
        answered = sent = 0
        if busy:
            answered, sent = short_cells_during(k, thread)
        thread.join()
        time.sleep(0.3)
        k.drain_iopub()
        what = f"{answered}/{sent} short cells answered" if busy else "no cell running"
        return k.alive(), f"{count[0]} SIGINTs every 5 ms over 2 s, {what}", {}
    return probe


def interrupt_busy_loop(k):
    msg_id = k.send(snippet("busy", k.lang))
    time.sleep(1.0)
    started = time.monotonic()
    k.km.interrupt_kernel()
    try:
        reply = k.reply_to(msg_id, timeout=20)
    except Exception:
        return False, "a busy loop was not interrupted within 20 s", {}
    seconds = time.monotonic() - started
    k.outputs_of(msg_id)
    ename = reply["content"].get("ename")
    return ename == "KeyboardInterrupt", f"busy loop interrupted: {ename} after {seconds:.2f} s", {"interrupt_s": seconds}


def restart(k):
    started = time.monotonic()
    k.km.restart_kernel(now=False)
    k.kc.wait_for_ready(timeout=60)
    seconds = time.monotonic() - started
    reply, _ = k.run(snippet("kept", k.lang))
    state_gone = reply["content"]["status"] == "error"
    k.run_snippet("keep")
    return state_gone, f"restart: ready again after {seconds:.2f} s, earlier state gone: {state_gone}", {"restart_s": seconds}


def sigterm(k):
    os.kill(k.pid, signal.SIGTERM)
    seconds = k.wait_exit(10)
    return seconds is not None, f"SIGTERM: exited after {seconds:.2f} s" if seconds is not None else "SIGTERM: still running after 10 s", {
        "sigterm_s": seconds}


def shutdown(k):
    k.kc.shutdown(restart=False)
    seconds = k.wait_exit(10)
    return seconds is not None, f"shutdown_request: exited after {seconds:.2f} s" if seconds is not None else "shutdown_request: still running after 10 s", {
        "shutdown_s": seconds}


def process_gone(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            return any(row.startswith("State:") and "Z" in row for row in status)
    except FileNotFoundError:
        return True


def parent_dies(busy):
    """A parent (parent_process.py) launches the kernel with jupyter_client and is then killed with SIGKILL."""
    def probe(k):
        parent = subprocess.Popen([sys.executable, os.path.join(HERE, "parent_process.py"), k.kernel_name, k.lang, "busy" if busy else "idle"],
                                  stdout=subprocess.PIPE, text=True, env=os.environ.copy())
        try:
            line = parent.stdout.readline()
            kernel_pid = json.loads(line)["kernel_pid"]
        except Exception:
            parent.kill()
            return False, "the parent process did not start a kernel", {}
        parent.kill()
        parent.wait()
        started = time.monotonic()
        while not process_gone(kernel_pid) and time.monotonic() - started < 15:
            time.sleep(0.05)
        seconds = time.monotonic() - started
        gone = process_gone(kernel_pid)
        if not gone:
            os.kill(kernel_pid, signal.SIGKILL)
        what = "running while (true)" if busy else "idle"
        key = "parent_death_busy_s" if busy else "parent_death_idle_s"
        return gone, f"parent killed with the kernel {what}: " + (f"kernel exited after {seconds:.2f} s" if gone else "kernel still running after 15 s"), {
            key: seconds if gone else None}
    return probe


# (group, name, probe, whether the probe ends the kernel on purpose)
PROBES = [
    ("lifecycle", "interrupt requests every 20 ms, cells running", interrupt_storm_busy, False),
    ("lifecycle", "SIGINT every 5 ms, idle", sigint_storm(False), False),
    ("lifecycle", "SIGINT every 5 ms, cells running", sigint_storm(True), False),
    ("lifecycle", "interrupt a busy loop", interrupt_busy_loop, False),
    ("lifecycle", "restart", restart, False),
    ("lifecycle", "parent killed, kernel idle", parent_dies(False), False),
    ("lifecycle", "parent killed, kernel busy", parent_dies(True), False),
    ("lifecycle", "SIGTERM", sigterm, True),
    ("lifecycle", "shutdown_request", shutdown, True),
]
