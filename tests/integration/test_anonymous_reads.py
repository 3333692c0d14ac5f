"""Anonymous reads (performance/open-behind's use-anonymous-fd, GlusterFS's lazy-open) over a
brick daemon on a unix socket whose own graph counts what reaches it (debug/io-stats between
protocol/server and features/locks, read with getxattr through the mount): a file opened
read-only, read in one call and closed, through the mount or by a boosted program, costs the
brick that read and no open, while a file read in pieces is opened by its second read; a file
the reader may no longer read is refused to an anonymous read of a non-root unix peer (EACCES)
and the open, sent instead, is refused too (the brick checks a pinned peer's open), while
root's anonymous read is served; a file renamed between open and read is read, one unlinked
fails the read with ENOENT, with the option on as with it off (off: the deferred open is sent
at the read). Over two bricks
(cluster/distribute) and on a local volume (storage/posix in the mount's process) reads go
anonymously too, each file's from the brick that holds it."""

import errno
import os
import subprocess
import textwrap

import pytest

from brick import Brick
from conftest import volume_text
from preload_support import LIBRARY, PYTHON, plain
from test_debug_xlators import counter

BRICK_STATS = "user.booster.brick-stats"
LAYERS = [("performance/open-behind", {}), ("performance/write-behind", {}), ("performance/io-cache", {}),
          ("performance/md-cache", {})]
READER_UID = 1000
DATA = bytes(range(256)) * 4096  # 1 MiB
ONE_REQUEST = DATA[:64 * 1024]  # read through a mount in one FUSE request


class CountingBrick(Brick):
    """A brick whose graph has io-stats under protocol/server: it counts every fop a client sends."""

    def __init__(self, workdir, server_options=None):
        super().__init__(workdir, "unix", server_options)
        server = {"transport": "unix", "listen-path": self.socket, **(server_options or {})}
        self.volfile.write_text(volume_text("posix", "storage/posix", {"directory": self.directory})
                                + volume_text("locks", "features/locks", {}, ["posix"])
                                + volume_text("counts", "debug/io-stats", {"stats-key": BRICK_STATS}, ["locks"])
                                + volume_text("server", "protocol/server", server, ["counts"]))


@pytest.fixture
def brick(workdir):
    # The boosted reader runs as an ordinary user: it must reach the mount, the brick's socket
    # and be admitted by uid.
    workdir.chmod(0o755)
    workdir.parent.chmod(0o755)
    brick = CountingBrick(workdir / "shared", {"auth-allow-uid": f"0,{READER_UID}"}).start()
    try:
        brick.socket.chmod(0o777)
        yield brick
    finally:
        assert brick.stop(), f"SIGTERM did not end the brick:\n{brick.diagnostics()}"


def mount_with(make_mount, brick, anonymous="on"):
    layers = [(t, {"use-anonymous-fd": anonymous} if t == "performance/open-behind" else o) for t, o in LAYERS]
    mount = make_mount(layers, options=("allow_other",), shared_brick=brick)
    mount.workdir.chmod(0o755)
    return mount


@pytest.fixture
def mount(make_mount, brick):
    return mount_with(make_mount, brick)


def brick_counts(mount):
    return os.getxattr(mount.path, BRICK_STATS).decode()


def put_on_brick(brick, mount, name, data, mode=0o644):
    """A file made on the brick directly (no client has it cached), then found through the mount."""
    path = brick.directory / name
    path.write_bytes(data)
    path.chmod(mode)
    os.stat(mount.path / name)
    return mount.path / name


def errors_of(report, fop):
    for line in report.splitlines():
        if line.startswith(fop + " "):
            return int(line.split("errors=")[1].split()[0])
    return 0


def boosted_env():
    env = {k: v for k, v in os.environ.items() if k != "BOOSTER_STATS"}
    env["LD_PRELOAD"] = str(LIBRARY)
    return env


READ_ONCE = "import sys\nwith open(sys.argv[1], 'rb') as f: sys.stdout.buffer.write(f.read())"


@pytest.mark.parametrize("reader", ["mount", "boosted"])
def test_a_file_read_in_one_call_costs_the_brick_no_open(mount, brick, reader):
    # The boosted reader reads the whole 1 MiB in one call (io-cache learns the end from it);
    # the mount's kernel reads at most 128 KiB per request, so its file is one request long.
    data = DATA if reader == "boosted" else ONE_REQUEST
    path = put_on_brick(brick, mount, "once", data)
    before = brick_counts(mount)
    if reader == "mount":
        read = plain([PYTHON, "-c", READ_ONCE, str(path)], text=False)
    else:
        read = subprocess.run([PYTHON, "-c", READ_ONCE, str(path)], env=boosted_env(), capture_output=True,
                              stdin=subprocess.DEVNULL, timeout=300)
    assert read.returncode == 0, read.stderr
    assert read.stdout == data
    after = brick_counts(mount)
    assert counter(after, "open") == counter(before, "open"), after
    assert counter(after, "readv") > counter(before, "readv"), after
    assert errors_of(after, "readv") == errors_of(before, "readv"), after


def test_a_file_read_in_pieces_opens_at_the_brick_at_its_second_read(mount, brick):
    # Below, each anonymous read opens and closes the file: a file read in many calls (here the
    # kernel's 128 KiB requests) is served by one open instead, sent by its second read.
    path = put_on_brick(brick, mount, "pieces", DATA)
    before = brick_counts(mount)
    assert path.read_bytes() == DATA
    after = brick_counts(mount)
    assert counter(after, "open") == counter(before, "open") + 1, after
    assert counter(after, "readv") - counter(before, "readv") >= 2, after


def test_with_use_anonymous_fd_off_a_read_opens_at_the_brick(make_mount, brick):
    mount = mount_with(make_mount, brick, anonymous="off")
    path = put_on_brick(brick, mount, "opened", DATA)
    before = brick_counts(mount)
    assert path.read_bytes() == DATA
    assert counter(brick_counts(mount), "open") == counter(before, "open") + 1


# Opens the file, says so, reads it once told to (after the test changed the file), prints
# what it read or the errno.
OPEN_THEN_READ = textwrap.dedent("""
    import os, sys
    fd = os.open(sys.argv[1], os.O_RDONLY)
    print("opened", flush=True)
    sys.stdin.readline()
    try:
        print(os.pread(fd, 64, 0).decode(), flush=True)
    except OSError as e:
        print("errno", e.errno, flush=True)
    """)


def open_then_read(processes, path, change, uid=0):
    """What a boosted reader (of `uid`) that opened `path` reads after `change()` ran."""
    reader = processes([PYTHON, "-c", OPEN_THEN_READ, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, env=boosted_env(), user=uid, group=uid,
                       extra_groups=[], cwd="/")
    assert reader.stdout.readline().strip() == "opened", reader.stderr.read()
    change()
    reader.stdin.write("go\n")
    reader.stdin.flush()
    return reader.stdout.readline().strip()


@pytest.mark.parametrize("uid", [READER_UID, 0])
def test_a_file_made_root_only_is_refused_to_a_non_root_peers_anonymous_read(mount, brick, processes, uid):
    path = put_on_brick(brick, mount, "private", b"secret")
    before = brick_counts(mount)
    read = open_then_read(processes, path, lambda: os.chmod(path, 0o600), uid)
    after = brick_counts(mount)
    if uid == READER_UID:
        # The deferred open reaches the brick after the chmod, and the brick checks a pinned
        # peer's open: refused, where the kernel (which checked at open time) would let the
        # reader read. Keeping the kernel's answer needs open-behind to open eagerly for a
        # boosted program of an ordinary user.
        assert read == f"errno {errno.EACCES}"
        assert brick.log_lines(f"connected from uid {READER_UID}"), brick.diagnostics()
        assert errors_of(after, "readv") == errors_of(before, "readv") + 1, after
        assert counter(after, "open") == counter(before, "open") + 1, after
    else:
        assert read == "secret"
        assert errors_of(after, "readv") == errors_of(before, "readv"), after
        assert counter(after, "open") == counter(before, "open"), after


@pytest.mark.parametrize("anonymous", ["on", "off"])
def test_a_file_renamed_between_open_and_read_is_read(make_mount, brick, processes, anonymous):
    mount = mount_with(make_mount, brick, anonymous)
    path = put_on_brick(brick, mount, "before", b"moved")
    read = open_then_read(processes, path, lambda: os.rename(path, mount.path / "after"))
    assert read == "moved"


@pytest.mark.parametrize("anonymous", ["on", "off"])
def test_a_file_unlinked_between_open_and_read_fails_the_read_with_enoent(make_mount, brick, processes, anonymous):
    mount = mount_with(make_mount, brick, anonymous)
    path = put_on_brick(brick, mount, "gone", b"gone")
    read = open_then_read(processes, path, lambda: os.unlink(path))
    assert read == f"errno {errno.ENOENT}"


# Opens an existing file write-only (or creates it: argv[2] == "create"), writes 4 KiB in one
# call, closes.
WRITE_ONCE = textwrap.dedent("""
    import os, sys
    flags = os.O_WRONLY | (os.O_CREAT | os.O_TRUNC if sys.argv[2] == "create" else 0)
    fd = os.open(sys.argv[1], flags, 0o644)
    os.write(fd, bytes(range(256)) * 16)
    os.close(fd)
    """)


# Through the mount, a created file's writes go on the fd FUSE CREATE opened: only the boosted
# program's create leaves a deferred (engine) fd to write through.
@pytest.mark.parametrize("writer, how", [("mount", "existing"), ("boosted", "existing"), ("boosted", "create")])
def test_a_file_written_in_one_call_costs_the_brick_no_open(mount, brick, writer, how):
    # Write-behind sends the one write at the close; open-behind sends it on an anonymous fd.
    path = mount.path / "written"
    if how == "existing":
        put_on_brick(brick, mount, "written", b"old")
    before = brick_counts(mount)
    env = boosted_env() if writer == "boosted" else {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    run = subprocess.run([PYTHON, "-c", WRITE_ONCE, str(path), how], env=env, capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, timeout=300)
    assert run.returncode == 0, run.stderr
    after = brick_counts(mount)
    assert (brick.directory / "written").read_bytes() == bytes(range(256)) * 16
    assert counter(after, "open") == counter(before, "open"), after
    assert counter(after, "writev") > counter(before, "writev"), after
    assert errors_of(after, "writev") == errors_of(before, "writev"), after


DISTRIBUTED = [("debug/io-stats", {})] + LAYERS


@pytest.fixture
def two_bricks(workdir):
    bricks = [Brick(workdir / f"dht{i}").start() for i in range(2)]
    try:
        yield bricks
    finally:
        for b in bricks:
            assert b.stop(), f"SIGTERM did not end the brick:\n{b.diagnostics()}"


def test_a_distributed_volume_reads_each_file_from_its_brick_without_an_open(two_bricks, make_mount):
    writer = make_mount(shared_brick=two_bricks)
    names = [f"f{i}" for i in range(20)]
    for name in names:
        (writer.path / name).write_bytes(name.encode() * 1000)
    held = [{n for n in os.listdir(b.directory) if n in names} for b in two_bricks]
    assert held[0] and held[1], held
    reader = make_mount(DISTRIBUTED, shared_brick=two_bricks)  # a fresh kernel cache
    before = reader.io_stats()
    for name in names:
        assert (reader.path / name).read_bytes() == name.encode() * 1000
    after = reader.io_stats()
    assert counter(after, "open") == counter(before, "open"), after
    assert counter(after, "readv") >= counter(before, "readv") + len(names), after


def test_a_local_volume_reads_anonymously(make_mount):
    mount = make_mount([("debug/io-stats", {})] + LAYERS)
    (mount.brick / "local").write_bytes(ONE_REQUEST)
    path = mount.path / "local"
    before = mount.io_stats()
    assert path.read_bytes() == ONE_REQUEST
    after = mount.io_stats()
    assert counter(after, "open") == counter(before, "open"), after
    assert counter(after, "readv") > counter(before, "readv"), after
