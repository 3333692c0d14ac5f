"""A FUSE mount over a `booster brick` daemon, on a unix socket, on one with short-circuit I/O (the
brick lends its descriptors) and on TCP (127.0.0.1): file work, a boosted program talking to the
brick itself, and a brick killed and restarted under a writer, plain or boosted (errors, not a
hang, even where the writer holds the brick's descriptor; recovery without a remount; fsync'd
data intact)."""

import errno
import os
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest

from conftest import BOOSTER, run_booster, SOURCE_DIR
from preload_support import PYTHON, Booster, Run

TRANSPORTS = ["unix", "tcp", "unix+short-circuit"]


@pytest.fixture(params=TRANSPORTS)
def volume(request, make_mount):
    m = make_mount(transport=request.param)
    return SimpleNamespace(mount=m, brick=m.brick_daemon)


def test_file_work_on_a_brick_volume(volume):
    m = volume.mount.path
    brick = volume.brick.directory
    (m / "d").mkdir()
    (m / "d" / "f").write_bytes(b"hello brick")
    assert (m / "d" / "f").read_bytes() == b"hello brick"
    assert (brick / "d" / "f").read_bytes() == b"hello brick"
    listing = subprocess.run(["ls", "-l", str(m / "d")], capture_output=True, text=True, check=True)
    assert " f\n" in listing.stdout and "11" in listing.stdout
    os.rename(m / "d" / "f", m / "d" / "g")
    assert sorted(os.listdir(m / "d")) == ["g"]
    os.symlink("g", m / "d" / "s")
    assert os.readlink(m / "d" / "s") == "g"
    assert (m / "d" / "s").read_bytes() == b"hello brick"
    os.setxattr(m / "d" / "g", "user.k", b"v")
    assert os.getxattr(m / "d" / "g", "user.k") == b"v"
    assert "user.k" in os.listxattr(m / "d" / "g")
    os.removexattr(m / "d" / "g", "user.k")
    for name in ("s", "g"):
        os.unlink(m / "d" / name)
    os.rmdir(m / "d")
    assert os.listdir(m) == []
    assert not (brick / "d").exists()


def test_a_boosted_program_talks_to_the_brick(volume, workdir):
    m = volume.mount.path
    data = os.urandom(256 * 1024)
    (m / "src").write_bytes(data)
    run = Booster(workdir).run(["dd", f"if={m / 'src'}", f"of={m / 'dst'}", "bs=64k"])
    assert run.returncode == 0, run.stderr
    assert run.boosted("read") > 0 and run.boosted("write") > 0, run.stats
    cat = Booster(workdir).run(["cat", str(m / "dst")], text=False)
    assert cat.stdout == data
    assert cat.boosted("read") > 0, cat.stats
    assert (volume.brick.directory / "dst").read_bytes() == data


def test_a_boosted_dd_with_4_mib_blocks(volume, workdir):
    """One write() of 4 MiB is more than one frame: protocol/client splits it."""
    m = volume.mount.path
    src = workdir / "src"
    data = os.urandom(9 * 1024 * 1024 + 5)
    src.write_bytes(data)
    run = Booster(workdir).run(["dd", f"if={src}", f"of={m / 'dst'}", "bs=4M"])
    assert run.returncode == 0, run.stderr
    assert run.boosted("write") > 0, run.stats
    assert (volume.brick.directory / "dst").read_bytes() == data
    back = Booster(workdir).run(["dd", f"if={m / 'dst'}", f"of={workdir / 'back'}", "bs=4M"])
    assert back.returncode == 0, back.stderr
    assert back.boosted("read") > 0, back.stats
    assert (workdir / "back").read_bytes() == data


FIVE_MIB_IN_ONE_CALL = r"""
import os, sys
size = 5 * 1024 * 1024
first, second = os.urandom(size), os.urandom(size)
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
assert os.write(fd, first) == size
assert os.pread(fd, size, 0) == first
os.close(fd)
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND)
assert os.write(fd, second) == size
os.close(fd)
sys.stdout.buffer.write(first + second)
"""


def test_a_boosted_program_writes_and_reads_5_mib_in_one_call(volume, workdir):
    m = volume.mount.path
    run = Booster(workdir).run([PYTHON, "-c", FIVE_MIB_IN_ONE_CALL, str(m / "big")], text=False)
    assert run.returncode == 0, run.stderr
    assert run.boosted("write") > 0 and run.boosted("pread64", "pread") > 0, run.stats
    assert (volume.brick.directory / "big").read_bytes() == run.stdout


WRITER = r"""
import os, sys
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
block = bytes(range(256)) * 16
n = 0
while True:
    try:
        os.pwrite(fd, block, n * len(block))
        os.fsync(fd)
    except OSError as e:
        print("error", e.errno, n, flush=True)
        break
    n += 1
    print("synced", n, flush=True)
"""


@pytest.mark.parametrize("boosted", [False, True], ids=["plain", "boosted"])
def test_a_killed_brick_fails_the_writer_and_the_mount_recovers(volume, workdir, boosted):
    m = volume.mount.path
    env = Booster(workdir).env(workdir / "writer-stats.txt") if boosted else None
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(m / "w")], stdout=subprocess.PIPE,
                              text=True, env=env)
    try:
        synced = 0
        for line in writer.stdout:
            synced = int(line.split()[1])
            if synced >= 20:
                break
        volume.brick.kill()
        last = None
        for line in writer.stdout:  # ends when the writer reports its error and exits
            last = line.split()
            if last[0] == "synced":
                synced = int(last[1])
        writer.wait(timeout=60)  # far beyond the 2 s ping timeout: a hang fails here
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert last is not None and last[0] == "error", last
    assert int(last[1]) in (errno.ENOTCONN, errno.EIO), last
    if boosted:
        stats = Run(writer, (workdir / "writer-stats.txt").read_text())
        assert stats.boosted("pwrite", "pwrite64") > 0, dict(stats.stats)
    volume.brick.start()
    deadline = time.monotonic() + 30
    while True:
        try:
            data = (m / "w").read_bytes()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    block = bytes(range(256)) * 16
    assert len(data) >= synced * len(block)
    assert data[: synced * len(block)] == block * synced
    (m / "after").write_text("works again")
    assert (m / "after").read_text() == "works again"


def test_brick_needs_protocol_server_on_top(workdir):
    vol = workdir / "bad.vol"
    (workdir / "b").mkdir()
    vol.write_text(f"volume posix\n  type storage/posix\n  option directory {workdir / 'b'}\nend-volume\n")
    done = run_booster("brick", "-f", vol)
    assert done.returncode == 1
    assert "must be protocol/server" in done.stderr


def test_help_lists_brick():
    assert "brick [-f] [--pid-file FILE] [--log-file FILE] VOLFILE" in run_booster("help").stdout
