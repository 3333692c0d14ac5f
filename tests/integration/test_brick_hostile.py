"""Hostile input to a live `booster brick`: truncated, oversized, wrong-version, wrong-magic and
garbage frames on raw sockets. Each closes that connection with one log line naming the
reason, while a FUSE mount of the same brick keeps working."""

import os
import socket
import struct
from types import SimpleNamespace

import pytest

MAGIC = 0x31525342
VERSION = 1
HEADER = struct.Struct("<IHHIIQ")  # magic, version, flags, message size, bulk size, xid


def frame(message, version=VERSION, magic=MAGIC, declared=None, bulk=b""):
    size = len(message) if declared is None else declared
    return HEADER.pack(magic, version, 0, size, len(bulk), 1) + message + bulk


def read_frame(sock):
    head = b""
    while len(head) < HEADER.size:
        chunk = sock.recv(HEADER.size - len(head))
        assert chunk, "the brick closed before its challenge"
        head += chunk
    _, _, _, size, bulk, _ = HEADER.unpack(head)
    body = b""
    while len(body) < size + bulk:
        body += sock.recv(size + bulk - len(body))
    return body[:size]


def closed_by_peer(sock, timeout=10):
    sock.settimeout(timeout)
    try:
        while sock.recv(4096):
            pass
        return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


@pytest.fixture
def volume(make_mount):
    m = make_mount(transport="unix")
    return SimpleNamespace(mount=m, brick=m.brick_daemon)


def test_hostile_frames_close_only_their_connection(volume):
    m = volume.mount.path
    (m / "steady").write_bytes(b"before")
    challenge = None
    cases = {
        "truncated": lambda c: frame(c[: len(c) // 2]),
        "oversized": lambda c: HEADER.pack(MAGIC, VERSION, 0, 64 << 20, 0, 1),
        "wrong version": lambda c: frame(c, version=9),
        "wrong magic": lambda c: frame(c, magic=0xDEADBEEF),
        "garbage": lambda c: frame(os.urandom(200)),
    }
    for name, make in cases.items():
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(str(volume.brick.socket))
            challenge = read_frame(s)
            s.sendall(make(challenge))
            assert closed_by_peer(s), f"{name}: the brick kept the connection open"
        finally:
            s.close()
        # The well-behaved client is not affected.
        assert (m / "steady").read_bytes() == b"before"
        (m / f"after-{name.replace(' ', '-')}").write_text(name)
    errors = volume.brick.log_lines("protocol error")
    assert len(errors) == len(cases), "\n".join(errors)
    reasons = " | ".join(errors)
    for reason in ("message fails verification", "frame larger than max-message-size",
                   "unsupported wire version", "bad frame magic"):
        assert reason in reasons, reasons
    assert sorted(p.name for p in m.iterdir()) == sorted(
        ["steady"] + [f"after-{n.replace(' ', '-')}" for n in cases])
