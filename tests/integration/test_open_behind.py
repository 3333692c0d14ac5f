"""performance/open-behind over a brick daemon, in the order `booster volume create` stacks it
(protocol/client, io-stats counting what reaches the client, open-behind, write-behind, io-cache,
md-cache): an open and close without I/O sends no open and no flush to the brick; a close
through another fd still drops the process's POSIX locks at the brick; close-to-open holds for
a boosted program whose reopen is deferred."""

import subprocess
import textwrap

import pytest

from preload_support import PYTHON, Booster, plain
from test_debug_xlators import counter

LAYERS = [("debug/io-stats", {}), ("performance/open-behind", {}), ("performance/write-behind", {}),
          ("performance/io-cache", {}), ("performance/md-cache", {})]


@pytest.fixture(params=["unix", "tcp"])
def mount(request, make_mount):
    return make_mount(LAYERS, transport=request.param)


def test_open_and_close_without_io_reach_no_brick(mount):
    path = mount.path / "f"
    path.write_bytes(b"x" * 100)
    before = mount.io_stats()
    opened = plain([PYTHON, "-c", "import os, sys\nfor _ in range(20): os.close(os.open(sys.argv[1], os.O_RDONLY))",
                    str(path)])
    assert opened.returncode == 0, opened.stderr
    after = mount.io_stats()
    assert counter(after, "open") == counter(before, "open"), after
    assert counter(after, "flush") == counter(before, "flush"), after
    # A read-only fd's reads go to the brick on anonymous fds: still no open (test_anonymous_reads.py).
    assert path.read_bytes() == b"x" * 100
    assert counter(mount.io_stats(), "open") == counter(before, "open")
    assert counter(mount.io_stats(), "readv") > counter(before, "readv")
    # A write opens the file at the brick.
    with open(path, "r+b") as f:
        f.write(b"y")
    assert counter(mount.io_stats(), "open") == counter(before, "open") + 1


# Takes a POSIX lock, then opens and closes another fd of the file: POSIX drops the process's
# locks on the file at that close.
HOLDER = textwrap.dedent("""
    import fcntl, os, sys
    fd = os.open(sys.argv[1], os.O_RDWR)
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 0)
    if sys.argv[2] == "close-another-fd":
        os.close(os.open(sys.argv[1], os.O_RDONLY))
    print("ready", flush=True)
    sys.stdin.readline()
    """)

PROBE = textwrap.dedent("""
    import fcntl, os, sys
    fd = os.open(sys.argv[1], os.O_RDWR)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 0)
        print("granted")
    except OSError:
        print("refused")
    """)


@pytest.mark.parametrize("then", ["keep", "close-another-fd"])
def test_closing_an_unused_fd_drops_the_posix_locks_of_its_process(mount, processes, then):
    path = mount.path / "locked"
    path.write_bytes(b"x" * 100)
    holder = processes([PYTHON, "-c", HOLDER, str(path), then], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
    probe = plain([PYTHON, "-c", PROBE, str(path)], timeout=30)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == ("refused" if then == "keep" else "granted")


# A boosted program reads the file, another process rewrites it (same size), the program opens
# it again and reads: the new bytes.
READER = textwrap.dedent("""
    import os, sys
    def read_once(path):
        fd = os.open(path, os.O_RDONLY)
        data = os.pread(fd, 8192, 0)
        os.close(fd)
        return data
    print(read_once(sys.argv[1])[:1].decode(), flush=True)
    sys.stdin.readline()
    print(read_once(sys.argv[1])[:1].decode(), flush=True)
    """)


def test_a_boosted_reopen_sees_another_clients_rewrite(mount, processes, workdir):
    path = mount.path / "c2o"
    path.write_bytes(b"a" * 8192)
    reader = processes([PYTHON, "-c", READER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, env=Booster(workdir).env(workdir / "reader-stats.txt"))
    assert reader.stdout.readline().strip() == "a", reader.stderr.read()
    with open(path, "r+b") as f:
        f.write(b"b" * 8192)
    reader.stdin.write("go\n")
    reader.stdin.flush()
    assert reader.stdout.readline().strip() == "b", reader.stderr.read()
