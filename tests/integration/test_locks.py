"""Locks through the FUSE mount, between real processes: features/locks over storage/posix
(also with debug/async and write-behind in the stack), and flock(2) on a plain local volume
(storage/posix alone, where posix's own flock on its descriptors serves them).

A holder is a python3 process that takes a lock and then obeys lines on its stdin; probes are
other processes (python3's fcntl module, flock(1) of util-linux) asking for a conflicting lock
without waiting. A boosted holder runs under libbooster.so (scripts/booster-run): its lock
calls go to the kernel descriptor, so through the mount, like everyone else's."""

import os
import platform
import signal
import subprocess
import textwrap
import time

import pytest

from conftest import SOURCE_DIR
from test_debug_xlators import IO_STATS, counter
from preload_support import PYTHON, Run, plain

LOCK_GRAPHS = {
    "locks": [("features/locks", {})],
    "locks+async+write-behind": [("features/locks", {}), ("debug/async", {}), ("performance/write-behind", {})],
}
WAIT = 20  # seconds a lock that must come may take on a loaded machine

# Lock kinds, each taken on the holder's first descriptor:
#   posix: fcntl F_SETLK(W) of bytes 10-19 (fcntl.lockf), owned by the process
#   ofd:   F_OFD_SETLK(W) of the whole file, owned by the open file description
#   flock: flock(2) LOCK_EX of the whole file
LOCKING = textwrap.dedent("""
    import errno, fcntl, os, struct, sys

    def flock_struct(kind, start=0, length=0):
        return struct.pack("hhqqi", kind, os.SEEK_SET, start, length, 0)

    def lock(fd, kind, wait):
        if kind == "posix":
            fcntl.lockf(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB), 10, 10)
        elif kind == "ofd":
            fcntl.fcntl(fd, fcntl.F_OFD_SETLKW if wait else fcntl.F_OFD_SETLK, flock_struct(fcntl.F_WRLCK))
        elif kind == "flock":
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))

    def unlock(fd, kind):
        if kind == "posix":
            fcntl.lockf(fd, fcntl.LOCK_UN, 10, 10)
        elif kind == "ofd":
            fcntl.fcntl(fd, fcntl.F_OFD_SETLK, flock_struct(fcntl.F_UNLCK))
        elif kind == "flock":
            fcntl.flock(fd, fcntl.LOCK_UN)
    """)

HOLDER = LOCKING + textwrap.dedent("""
    path, kind = sys.argv[1], sys.argv[2]
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    os.write(fd, b"x" * 100)
    lock(fd, kind, wait=False)
    print("locked", flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "unlock":
            unlock(fd, kind)
        elif command == "close-another-fd":
            os.close(os.open(path, os.O_RDONLY))
        elif command == "close":
            os.close(fd)
        elif command == "write":
            os.pwrite(fd, b"y" * 100, 0)
        elif command == "lock-10-bytes-at-50-from-seek-cur":
            os.lseek(fd, 50, os.SEEK_SET)
            fcntl.lockf(fd, fcntl.LOCK_EX, 10, 0, os.SEEK_CUR)
        print("done", flush=True)
    """)

# Prints "ok" when the lock was granted (and then releases it by exiting), else the errno name.
PROBE = LOCKING + textwrap.dedent("""
    path, kind, wait = sys.argv[1], sys.argv[2], sys.argv[3] == "wait"
    fd = os.open(path, os.O_RDWR)
    try:
        lock(fd, kind, wait)
        print("ok", flush=True)
    except OSError as e:
        print(errno.errorcode[e.errno], flush=True)
    """)

GETLK = textwrap.dedent("""
    import fcntl, os, struct, sys
    fd = os.open(sys.argv[1], os.O_RDWR)
    got = fcntl.fcntl(fd, fcntl.F_GETLK, struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0))
    kind, whence, start, length, pid = struct.unpack("hhqqi", got)
    print(kind == fcntl.F_WRLCK, start, length, pid)
    """)


class Holder:
    """A python3 process (a HOLDER, started by conftest's `processes`) holding a lock on `path`;
    commands go to it one line at a time."""

    def __init__(self, processes, path, kind, launcher=(), env=None):
        self.proc = processes([*launcher, PYTHON, "-c", HOLDER, str(path), kind], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        line = self.proc.stdout.readline().strip()
        assert line == "locked", f"holder did not lock: {line!r} {self.proc.stderr.read() if not line else ''}"

    def do(self, command):
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().strip() == "done"

    def finish(self):
        """Ends the holder by closing its stdin; its output and exit status."""
        out, err = self.proc.communicate(timeout=WAIT)
        return self.proc.returncode, out, err


@pytest.fixture
def holders(processes):
    return lambda *args, **kwargs: Holder(processes, *args, **kwargs)


@pytest.fixture
def blocked(processes):
    """Factory: a process started in the background that may block on the mount."""
    return lambda argv: processes(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def waiters(blocked):
    """Factory: a probe that waits for its lock, started in the background."""
    return lambda path, kind: blocked([PYTHON, "-c", PROBE, str(path), kind, "wait"])


def probe(path, kind):
    out = plain([PYTHON, "-c", PROBE, str(path), kind, "nowait"], timeout=WAIT)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def flock_tool(path):
    """flock(1) asking for an exclusive lock without waiting: its exit status (0 = it got it)."""
    return plain(["flock", "--nonblock", "--exclusive", str(path), "true"], timeout=WAIT).returncode


def still_waiting(proc, seconds=0.5):
    """True if `proc` has not finished within `seconds` (a lock it must not get yet)."""
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        return True
    return False


def waited_and_got(proc):
    out, err = proc.communicate(timeout=WAIT)
    assert proc.returncode == 0, err
    return out.strip() == "ok"


@pytest.fixture(params=list(LOCK_GRAPHS), ids=list(LOCK_GRAPHS))
def locked_mnt(request, make_mount):
    return make_mount(LOCK_GRAPHS[request.param])


@pytest.mark.parametrize("kind", ["posix", "ofd", "flock"])
def test_a_lock_excludes_another_process_until_unlocked(locked_mnt, holders, kind):
    f = locked_mnt.path / "f"
    holder = holders(f, kind)
    assert probe(f, kind) == "EAGAIN"
    holder.do("unlock")
    assert probe(f, kind) == "ok"


def test_flock_tool_and_python_flock_exclude_each_other(locked_mnt, holders):
    f = locked_mnt.path / "f"
    holder = holders(f, "flock")
    assert flock_tool(f) == 1
    # flock and fcntl locks are separate namespaces, as on a local file system.
    assert probe(f, "posix") == "ok"
    holder.do("unlock")
    assert flock_tool(f) == 0
    # --no-fork: the lock holder is the process we kill (flock(1) would leave its child behind).
    with subprocess.Popen(["flock", "--no-fork", "--exclusive", str(f), "sleep", "60"]) as tool:
        try:
            deadline = time.monotonic() + WAIT
            while probe(f, "flock") == "ok":
                assert time.monotonic() < deadline, "flock(1) never took its lock"
                time.sleep(0.05)
        finally:
            tool.kill()


@pytest.mark.parametrize("kind", ["posix", "ofd", "flock"])
def test_a_blocked_waiter_proceeds_when_the_holder_unlocks(locked_mnt, holders, waiters, kind):
    f = locked_mnt.path / "f"
    holder = holders(f, kind)
    waiter = waiters(f, kind)
    assert still_waiting(waiter)
    holder.do("unlock")
    assert waited_and_got(waiter)


@pytest.mark.parametrize("kind", ["posix", "ofd", "flock"])
def test_a_blocked_waiter_proceeds_when_the_holder_is_killed(locked_mnt, holders, waiters, kind):
    f = locked_mnt.path / "f"
    holder = holders(f, kind)
    waiter = waiters(f, kind)
    assert still_waiting(waiter)
    holder.proc.send_signal(signal.SIGKILL)
    assert waited_and_got(waiter)


def test_getlk_reports_the_holders_pid_and_range(locked_mnt, holders):
    f = locked_mnt.path / "f"
    holder = holders(f, "posix")
    out = plain([PYTHON, "-c", GETLK, str(f)], timeout=WAIT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "10", "10", str(holder.proc.pid)]
    holder.do("unlock")
    out = plain([PYTHON, "-c", GETLK, str(f)], timeout=WAIT)
    assert out.stdout.split()[0] == "False"


def test_closing_any_fd_of_the_file_drops_the_process_posix_locks(locked_mnt, holders):
    f = locked_mnt.path / "f"
    holder = holders(f, "posix")
    assert probe(f, "posix") == "EAGAIN"
    holder.do("close-another-fd")
    assert probe(f, "posix") == "ok"


@pytest.mark.parametrize("kind", ["ofd", "flock"])
def test_ofd_and_flock_locks_survive_the_close_of_another_fd(locked_mnt, holders, kind):
    f = locked_mnt.path / "f"
    holder = holders(f, kind)
    holder.do("close-another-fd")
    assert probe(f, kind) == "EAGAIN"
    # They go with the last close of their own open file description.
    holder.do("close")
    assert probe(f, kind) == "ok"


@pytest.mark.parametrize("kind", ["posix", "ofd", "flock"])
def test_a_boosted_program_and_a_plain_one_exclude_each_other(locked_mnt, holders, workdir, kind):
    f = locked_mnt.path / "f"
    stats = workdir / f"stats-{kind}.txt"
    env = dict(os.environ, BOOSTER_STATS=str(stats))
    boosted = holders(f, kind, launcher=[str(SOURCE_DIR / "scripts/booster-run")], env=env)
    assert probe(f, kind) == "EAGAIN"
    assert flock_tool(f) == (1 if kind == "flock" else 0)
    boosted.do("unlock")
    assert probe(f, kind) == "ok"
    status, _, err = boosted.finish()
    assert status == 0, err
    run = Run(subprocess.CompletedProcess([], 0, "", ""), stats.read_text())
    assert run.boosted("write") == 1, "the holder's file was not served by the booster"

    plain_holder = holders(f, kind)
    out = subprocess.run([str(SOURCE_DIR / "scripts/booster-run"), PYTHON, "-c", PROBE, str(f), kind, "nowait"],
                         capture_output=True, text=True, timeout=WAIT)
    assert out.stdout.strip() == "EAGAIN", out.stderr
    plain_holder.do("unlock")


@pytest.mark.parametrize("kind", ["posix", "flock"])
def test_the_next_holder_sees_what_a_boosted_holder_wrote_under_its_lock(locked_mnt, holders, waiters, kind):
    f = locked_mnt.path / "f"
    boosted = holders(f, kind, launcher=[str(SOURCE_DIR / "scripts/booster-run")])
    waiter = waiters(f, kind)
    boosted.do("write")
    boosted.do("unlock")
    assert waited_and_got(waiter)
    assert f.read_bytes() == b"y" * 100, (locked_mnt.brick / "f").read_bytes()


def test_a_boosted_programs_seek_cur_lock_is_relative_to_its_own_position(locked_mnt, holders):
    f = locked_mnt.path / "f"
    boosted = holders(f, "flock", launcher=[str(SOURCE_DIR / "scripts/booster-run")])
    boosted.do("lock-10-bytes-at-50-from-seek-cur")
    out = plain([PYTHON, "-c", GETLK, str(f)], timeout=WAIT)
    assert out.stdout.split()[:3] == ["True", "50", "10"], out.stderr


def test_flock_across_processes_on_a_plain_local_volume(make_mount, holders, waiters):
    mount = make_mount([])
    f = mount.path / "f"
    holder = holders(f, "flock")
    assert probe(f, "flock") == "EAGAIN"
    assert flock_tool(f) == 1
    waiter = waiters(f, "flock")
    assert still_waiting(waiter)
    holder.do("unlock")
    assert waited_and_got(waiter)
    # The waiter exited holding its lock: FUSE drops a flock lock at the file's RELEASE, which
    # the kernel sends in the background after the last close, so it goes shortly after exit.
    assert released_within(f, WAIT)


def released_within(path, seconds):
    deadline = time.monotonic() + seconds  # a bound on waiting, not a timing assertion
    while flock_tool(path) != 0:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


# Waiting and interrupted locks. Each case is a graph and a lock kind that the graph (not the
# kernel's own lock table) serves: on a plain local volume that is flock(2), waited for on
# storage/posix's lock-wait threads; with features/locks every kind, parked without a thread.
# fcntl locks on a plain local volume are the kernel's (no FUSE request): they appear once, in
# the alarm test, as the baseline a program sees on any file system.
SERVED_WAITS = [("posix", "flock"), ("locks", "posix"), ("locks", "ofd"), ("locks", "flock")]
GRAPH_LAYERS = {"posix": [], **LOCK_GRAPHS}

# Takes the lock with a one-second alarm running; prints "EINTR" when the alarm interrupted
# the wait, "ok" when the lock came. The handler raises: one that returns would have python
# retry the call (PEP 475), so the exception shows that fcntl/flock returned EINTR.
ALARMED = LOCKING + textwrap.dedent("""
    import signal

    def on_alarm(signum, frame):
        raise InterruptedError(errno.EINTR, "alarm")

    path, kind = sys.argv[1], sys.argv[2]
    fd = os.open(path, os.O_RDWR)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(1)
    try:
        lock(fd, kind, wait=True)
        print("ok", flush=True)
    except InterruptedError:
        print("EINTR", flush=True)
    """)


def finishes(proc):
    """The output of `proc`, which must end within WAIT seconds (None if it did not)."""
    try:
        out, err = proc.communicate(timeout=WAIT)
    except subprocess.TimeoutExpired:
        return None
    assert proc.returncode == 0, err
    return out.strip()


@pytest.mark.parametrize("graph,kind", SERVED_WAITS)
def test_more_waiters_than_fuse_threads_all_get_the_lock_in_turn(make_mount, holders, waiters, blocked, graph, kind):
    mount = make_mount(GRAPH_LAYERS[graph], options=["threads=2"])
    f = mount.path / "f"
    holder = holders(f, kind)
    waiting = [waiters(f, kind) for _ in range(5)]
    for w in waiting:
        assert still_waiting(w, seconds=0.2)
    # The mount still serves everyone else while five requests wait on two FUSE threads.
    other = blocked([PYTHON, "-c", textwrap.dedent("""
        import os, sys
        path = os.path.join(sys.argv[1], "other")
        with open(path, "w") as out:
            out.write("still served")
        print(open(path).read(), sorted(os.listdir(sys.argv[1])))
        """), str(mount.path)])
    assert finishes(other) == "still served ['f', 'other']"
    assert probe(f, kind) == "EAGAIN"
    holder.do("unlock")
    # Each waiter takes the lock, prints, and lets it go by exiting: they get it one by one.
    assert [finishes(w) for w in waiting] == ["ok"] * len(waiting)
    assert probe(f, kind) == "ok"


@pytest.mark.parametrize("graph,kind", SERVED_WAITS)
def test_a_program_killed_while_waiting_for_a_lock_exits_at_once(make_mount, holders, waiters, graph, kind):
    mount = make_mount(GRAPH_LAYERS[graph])
    f = mount.path / "f"
    holder = holders(f, kind)
    waiter = waiters(f, kind)
    assert still_waiting(waiter)
    waiter.kill()
    # Without the interrupt, the killed program would wait in the kernel for the holder.
    try:
        status = waiter.wait(timeout=WAIT)
    except subprocess.TimeoutExpired:
        pytest.fail("the killed waiter did not exit while the lock was held")
    assert status == -signal.SIGKILL
    assert holder.proc.poll() is None
    assert probe(f, kind) == "EAGAIN"
    holder.do("unlock")
    assert probe(f, kind) == "ok"
    assert flock_tool(f) == 0


@pytest.mark.parametrize("graph,kind", [("posix", "posix"), *SERVED_WAITS])
def test_an_alarm_interrupts_a_waiting_lock_with_eintr(make_mount, holders, waiters, blocked, graph, kind):
    mount = make_mount(GRAPH_LAYERS[graph])
    f = mount.path / "f"
    holder = holders(f, kind)
    alarmed = blocked([PYTHON, "-c", ALARMED, str(f), kind])
    assert finishes(alarmed) == "EINTR"
    assert probe(f, kind) == "EAGAIN"
    holder.do("unlock")
    assert probe(f, kind) == "ok"
    # Interrupted requests leave nothing behind: the next waiter is granted when it is free.
    waiter = waiters(f, kind)
    assert finishes(waiter) == "ok"


def kernel_at_least(major, minor):
    found = tuple(int(part) for part in platform.release().split(".")[:2])
    return found >= (major, minor)


@pytest.mark.skipif(not kernel_at_least(5, 16), reason="FOPEN_NOFLUSH needs Linux 5.16")
@pytest.mark.parametrize("locks_by", ["kernel", "graph"])
def test_a_read_only_close_sends_flush_only_when_the_graph_serves_locks(make_mount, locks_by):
    # Every close(2) of a FUSE file sends FLUSH, which is how the closer's POSIX locks in the
    # graph are released. When the kernel keeps the locks (no features/locks, no brick) a
    # read-only open file has nothing to flush, and the mount says so when it opens it: its
    # closes cost no round trip. A writer's close always flushes (write errors, publication).
    layers = [IO_STATS] if locks_by == "kernel" else [("features/locks", {}), IO_STATS]
    m = make_mount(layers)
    f = m.path / "f"
    f.write_bytes(b"x" * 100)
    before = counter(m.io_stats(), "flush")
    for _ in range(3):
        fd = os.open(f, os.O_RDONLY)
        assert os.read(fd, 200) == b"x" * 100
        os.close(fd)
    after_readers = counter(m.io_stats(), "flush")
    os.close(os.open(f, os.O_WRONLY))
    after_writer = counter(m.io_stats(), "flush")
    assert after_readers - before == (0 if locks_by == "kernel" else 3)
    assert after_writer - after_readers == 1
