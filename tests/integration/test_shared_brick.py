"""Two FUSE mounts of one brick daemon plus a boosted program (which talks to the brick
itself, not through either mount): fcntl and flock locks exclude each other across all three,
a blocked waiter is granted when the holder lets go, and a file closed by one is seen whole by
the others when they open it (close-to-open). On a unix socket and on TCP."""

import hashlib
import os
import select
import subprocess

import pytest

from brick import Brick
from preload_support import PYTHON, Booster, LIBRARY, plain

# Takes an exclusive lock on argv[1] (fcntl or flock, argv[2]); argv[3]: "try" reports "busy" or
# "locked" and exits, "hold" waits for the lock, reports "locked", and keeps it until a line
# arrives on stdin.
LOCKER = r"""
import fcntl, os, sys
path, kind, mode = sys.argv[1:4]
fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
take = fcntl.lockf if kind == "fcntl" else fcntl.flock
try:
    take(fd, fcntl.LOCK_EX | (fcntl.LOCK_NB if mode == "try" else 0))
except (BlockingIOError, PermissionError):
    print("busy", flush=True)
    sys.exit(0)
print("locked", flush=True)
if mode == "hold":
    sys.stdin.readline()
"""


@pytest.fixture(params=["unix", "tcp"])
def brick(request, workdir):
    brick = Brick(workdir / "shared", request.param).start()
    yield brick
    assert brick.stop(), f"SIGTERM did not end the brick:\n{brick.diagnostics()}"


@pytest.fixture
def mounts(brick, make_mount):
    return make_mount(shared_brick=brick), make_mount(shared_brick=brick)


class Holder:
    """A LOCKER process in "hold" mode, plain or boosted, started by conftest's `processes`."""

    def __init__(self, processes, path, kind, boosted_in=None):
        env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "BOOSTER_STATS")}
        if boosted_in is not None:
            env.update(LD_PRELOAD=str(LIBRARY), BOOSTER_STATS=str(boosted_in / "holder-stats.txt"))
        self.proc = processes([PYTHON, "-c", LOCKER, str(path), kind, "hold"], env=env, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def locked_within(self, seconds):
        ready, _, _ = select.select([self.proc.stdout], [], [], seconds)
        if not ready:
            return False
        line = self.proc.stdout.readline().strip()
        assert line == "locked", f"holder said {line!r}: {self.proc.stderr.read() if not line else ''}"
        return True

    def release(self):
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        assert self.proc.wait(timeout=30) == 0, self.proc.stderr.read()


@pytest.fixture
def holders(processes):
    return lambda path, kind, boosted_in=None: Holder(processes, path, kind, boosted_in)


def attempt(path, kind, booster=None):
    argv = [PYTHON, "-c", LOCKER, str(path), kind, "try"]
    r = booster.run(argv).check() if booster else plain(argv)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


@pytest.mark.parametrize("kind", ["fcntl", "flock"])
def test_locks_exclude_across_two_mounts_and_a_boosted_program(mounts, holders, workdir, kind):
    a, b = mounts
    booster = Booster(workdir)
    (a.path / "lockfile").write_text("x")

    held_on_a = holders(a.path / "lockfile", kind)
    assert held_on_a.locked_within(20)
    assert attempt(b.path / "lockfile", kind) == "busy"
    assert attempt(b.path / "lockfile", kind, booster) == "busy"
    assert attempt(a.path / "lockfile", kind) == "busy"

    waiter = holders(b.path / "lockfile", kind, boosted_in=workdir)  # blocks: F_SETLKW / LOCK_EX
    assert not waiter.locked_within(1.0)
    held_on_a.release()
    assert waiter.locked_within(20), "the boosted waiter was not granted the lock after the holder let go"
    assert attempt(a.path / "lockfile", kind) == "busy"
    waiter.release()
    assert attempt(a.path / "lockfile", kind) == "locked"
    assert attempt(b.path / "lockfile", kind, booster) == "locked"


def test_flock_command_sees_a_lock_of_the_other_mount(mounts, holders):
    a, b = mounts
    (a.path / "f").write_text("x")
    held = holders(a.path / "f", "flock")
    assert held.locked_within(20)
    assert subprocess.run(["flock", "-n", str(b.path / "f"), "true"]).returncode == 1
    held.release()
    assert subprocess.run(["flock", "-n", str(b.path / "f"), "true"]).returncode == 0


def digest(data):
    return hashlib.md5(data).hexdigest()


def test_close_to_open_between_two_mounts_and_a_boosted_program(mounts, workdir):
    a, b = mounts
    booster = Booster(workdir)
    first = os.urandom(100_000)
    (a.path / "f").write_bytes(first)  # plain writer on mount A, closed

    assert (b.path / "f").read_bytes() == first
    cat = booster.run(["md5sum", str(b.path / "f")]).check()
    assert cat.stdout.split()[0] == digest(first) and cat.boosted("read") > 0, dict(cat.stats)

    second = os.urandom(300_001)  # longer: every reader must see the new size
    (workdir / "second").write_bytes(second)
    cp = booster.run(["cp", str(workdir / "second"), str(b.path / "f")]).check()  # boosted writer, closed
    assert cp.boosted("write") > 0, dict(cp.stats)
    for reader in (a.path / "f", b.path / "f"):
        with open(reader, "rb") as f:
            assert os.fstat(f.fileno()).st_size == len(second), reader
            assert digest(f.read()) == digest(second), reader
    assert plain(["md5sum", str(a.path / "f")]).stdout.split()[0] == digest(second)

    third = b"short"
    with open(a.path / "f", "r+b") as f:  # plain writer on A truncates and rewrites
        f.truncate(0)
        f.write(third)
    seen = booster.run(["cat", str(b.path / "f")], text=False).check()
    assert seen.stdout == third
    with open(b.path / "f", "rb") as f:
        assert os.fstat(f.fileno()).st_size == len(third)
        assert f.read() == third
