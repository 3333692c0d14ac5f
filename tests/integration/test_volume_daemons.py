"""`booster volume start|stop|status|list|delete`: brick daemons run by pid file in the volume
store, on a unix socket and on TCP; start and stop are idempotent; a stale pid file (its daemon
killed, its pid dead or someone else's) is recognised and replaced; delete keeps the data."""

import os
import signal
import socket

import pytest

from conftest import gone
from volume_support import brick_dir, needs_bricks, store  # noqa: F401 (fixture)

pytestmark = needs_bricks


def cmdline(pid):
    try:
        return open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")
    except OSError:
        return []


def accepts(store, name):
    """True if the brick's socket or port accepts a connection."""
    info = store.info(name)
    if info["transport"] == "unix":
        with socket.socket(socket.AF_UNIX) as s:
            return s.connect_ex(info["brick0.socket"]) == 0
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", int(info["brick0.port"]))) == 0


@pytest.fixture(params=["unix", "tcp"])
def volume(request, store, workdir):
    store.ok("volume", "create", "v", "--transport", request.param, brick_dir(workdir))
    return "v"


def test_start_status_stop(store, volume):
    r = store.ok("volume", "start", volume)
    assert "brick0" in r.stdout and "started" in r.stdout
    pid = store.pid(volume)
    argv = cmdline(pid)
    assert os.path.basename(argv[0]) == b"booster" and b"brick" in argv
    assert str(store.volume_dir(volume) / "v.brick0.vol").encode() in argv
    assert accepts(store, volume)

    status = store.booster("volume", "status", volume)
    assert status.returncode == 0, status.stdout + status.stderr
    assert f"up, pid {pid}, listening" in status.stdout

    again = store.ok("volume", "start", volume)
    assert f"already running, pid {pid}" in again.stdout
    assert store.pid(volume) == pid

    stopped = store.ok("volume", "stop", volume)
    assert "stopped" in stopped.stdout
    assert gone(pid)
    assert not (store.volume_dir(volume) / "brick0.pid").exists()
    down = store.booster("volume", "status", volume)
    assert down.returncode == 1 and "down" in down.stdout

    assert "not running" in store.ok("volume", "stop", volume).stdout


def test_killed_brick_leaves_a_stale_pid_file_that_start_replaces(store, volume):
    store.ok("volume", "start", volume)
    old = store.pid(volume)
    os.kill(old, signal.SIGKILL)
    assert gone(old)
    status = store.booster("volume", "status", volume)
    assert status.returncode == 1 and "stale pid file" in status.stdout, status.stdout
    r = store.ok("volume", "start", volume)
    assert "replaced a stale pid file" in r.stdout
    new = store.pid(volume)
    assert new != old and accepts(store, volume)


def test_pid_file_naming_another_process_is_stale_and_that_process_is_left_alone(store, volume):
    (store.volume_dir(volume) / "brick0.pid").write_text(f"{os.getpid()}\n")
    assert "stale pid file" in store.booster("volume", "status", volume).stdout
    assert "not running" in store.ok("volume", "stop", volume).stdout  # and we are still here
    r = store.ok("volume", "start", volume)
    assert "started" in r.stdout and store.pid(volume) != os.getpid()


def test_delete_is_refused_while_running_and_keeps_the_data(store, workdir, volume):
    (workdir / "brick" / "keep.txt").write_text("data")
    store.ok("volume", "start", volume)
    r = store.booster("volume", "delete", volume)
    assert r.returncode == 1 and "is running" in r.stderr
    store.ok("volume", "stop", volume)
    store.ok("volume", "delete", volume)
    assert not store.volume_dir(volume).exists()
    assert (workdir / "brick" / "keep.txt").read_text() == "data"


def test_list_names_every_volume(store, workdir, volume):
    store.ok("volume", "create", "other", brick_dir(workdir, "b2"))
    names = [line.split("\t")[0] for line in store.ok("volume", "list").stdout.splitlines()]
    assert names == ["other", "v"]
