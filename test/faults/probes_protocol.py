"""Protocol abuse: what a careless or hostile client puts on the wire.

Each probe returns (passed, detail, figures). The suite checks afterwards that
the kernel still runs and still holds the value set before the probes.
"""
import hmac
import json
import time
import uuid
from datetime import datetime, timezone

import zmq
from jupyter_client.session import Session

from fault_kernel import snippet

DELIM = b"<IDS|MSG>"


def session_for(k, key=None):
    info = k.km.get_connection_info()
    return Session(key=info["key"] if key is None else key, signature_scheme=info["signature_scheme"])


def execute_frames(k, code, key=None):
    session = session_for(k, key)
    msg = session.msg("execute_request", {"code": code, "silent": False, "store_history": False,
                                          "user_expressions": {}, "allow_stdin": False, "stop_on_error": False})
    return session.serialize(msg)


def receive(sock, timeout_s):
    """Frames of the next message on a raw socket, or None after timeout_s."""
    if sock.poll(int(timeout_s * 1000)) == 0:
        return None
    return sock.recv_multipart()


def marks(k, name):
    reply, outputs = k.run_snippet("marks", name=name)
    texts = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
    return int(texts[0]) if texts else None


def settle(k, seconds=0.5):
    """Gives a dropped or queued message time to act, then flushes the shell queue with a cell."""
    time.sleep(seconds)
    k.run("1")


def signed_with(k, key, name):
    """Sends a cell that counts its runs in `name`, signed with `key`; returns how often it ran."""
    sock = k.raw_socket("shell")
    sock.send_multipart(execute_frames(k, snippet("mark", k.lang, name=name), key=key))
    settle(k)
    sock.close()
    return marks(k, name)


def unsigned(k):
    ran = signed_with(k, b"", "unsignedRan")
    return ran == 0, f"unsigned execute_request ran {ran} time(s)", {}


def forged(k):
    ran = signed_with(k, b"not-the-key", "forgedRan")
    return ran == 0, f"execute_request signed with another key ran {ran} time(s)", {}


def replayed(k):
    sock = k.raw_socket("shell")
    frames = execute_frames(k, snippet("mark", k.lang, name="replayRan"))
    sock.send_multipart(frames)
    receive(sock, 30)
    sock.send_multipart(frames)
    settle(k)
    sock.close()
    ran = marks(k, "replayRan")
    return ran == 1, f"the same signed execute_request sent twice ran {ran} time(s)", {}


def malformed(k):
    session = session_for(k)
    not_json = [b"{not json", b"{}", b"{}", b"{}"]
    wrong_shapes = [
        [b"just one frame"],
        [DELIM],
        [DELIM, b"", b"{}"],
        [DELIM, session.sign(not_json), *not_json],  # signed, but the header is not JSON
        [DELIM, b"00", b"\xff\xfe", b"\x00", b"", b""],
        [b"x" * 100_000, DELIM, b"", b"{}", b"{}", b"{}", b"{}"],
    ]
    for channel in ("shell", "control"):
        sock = k.raw_socket(channel)
        for frames in wrong_shapes:
            sock.send_multipart(frames)
        sock.close()
    settle(k)
    return k.alive(), f"{len(wrong_shapes)} malformed messages on shell and on control", {}


def unknown_types(k):
    session = session_for(k)
    for channel in ("shell", "control"):
        sock = k.raw_socket(channel)
        sock.send_multipart(session.serialize(session.msg("no_such_request", {})))
        sock.send_multipart(session.serialize(session.msg("execute_reply", {"status": "ok"})))
        sock.close()
    settle(k)
    return k.alive(), "unknown and misdirected message types on shell and control", {}


def reused_identity(k):
    """A reconnect racing the old socket: jupyter_client uses the session id as the identity."""
    session = session_for(k)
    identity = uuid.uuid4().hex.encode()
    old = k.raw_socket("shell", identity=identity)
    old.send_multipart(session.serialize(session.msg("kernel_info_request", {})))
    first = receive(old, 30)
    new = k.raw_socket("shell", identity=identity)
    time.sleep(0.2)
    new.send_multipart(session.serialize(session.msg("kernel_info_request", {})))
    second = receive(new, 10)
    old.close()
    new.close()
    ok = first is not None and second is not None
    return ok, f"second socket with the same identity answered: {second is not None}", {}


def bare_header(k):
    """A header with only msg_id and msg_type (no session, username, version or date)."""
    info = k.km.get_connection_info()
    key = info["key"].encode() if isinstance(info["key"], str) else info["key"]
    parts = [json.dumps({"msg_id": uuid.uuid4().hex, "msg_type": "kernel_info_request"}).encode(), b"{}", b"{}", b"{}"]
    signature = hmac.new(key, b"".join(parts), "sha256").hexdigest().encode()
    sock = k.raw_socket("shell")
    sock.send_multipart([DELIM, signature, *parts])
    answer = receive(sock, 10)
    sock.close()
    return answer is not None, f"answered a header without session/username/version: {answer is not None}", {}


def execute_flood(k, count=500):
    started = time.monotonic()
    sent = [k.send(snippet("kept", k.lang), store_history=False) for _ in range(count)]
    order = []
    while len(order) < count:
        msg = k.kc.get_shell_msg(timeout=120)
        if msg["msg_type"] == "execute_reply":
            order.append(msg["parent_header"].get("msg_id"))
    seconds = time.monotonic() - started
    k.drain_iopub()
    ok = order == sent
    return ok, f"{count} execute_requests at once: {len(order)} replies in order: {ok} ({seconds:.2f} s)", {
        "flood_sent": count, "flood_received": len(order), "flood_s": seconds}


PROBES = [
    ("protocol", "unsigned message", unsigned),
    ("protocol", "forged signature", forged),
    ("protocol", "replayed message", replayed),
    ("protocol", "malformed frames", malformed),
    ("protocol", "unknown message types", unknown_types),
    ("protocol", "reused identity", reused_identity),
    ("protocol", "header with only msg_id and msg_type", bare_header),
    ("flood", "500 execute_requests", execute_flood),
]
