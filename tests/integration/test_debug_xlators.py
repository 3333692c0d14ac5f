"""The debug translators through a real mount: io-stats counters readable with getxattr (and
getfattr) on the mount root and growing with I/O, dumped to the log on SIGUSR1; error-gen failing
a chosen fop with a chosen errno; delay-gen passing data through unchanged."""

import errno
import os
import re
import signal
import subprocess
import time

import pytest

IO_STATS = ("debug/io-stats", {})
ASYNC = ("debug/async", {})


def counter(report, fop):
    """The call count of `fop` in an io-stats report: one line per fop called at least once,
    "<fop> calls=N errors=N lat_us_total=N lat_us_min=N lat_us_max=N bytes=N"."""
    for line in report.splitlines():
        m = re.fullmatch(rf"{re.escape(fop)} calls=(\d+) errors=\d+ .*bytes=\d+", line)
        if m:
            return int(m.group(1))
    return 0


def write_blocks(path, n):
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o644)
    try:
        for _ in range(n):
            os.write(fd, b"z" * 4096)
    finally:
        os.close(fd)


@pytest.mark.parametrize("layers", [[IO_STATS], [ASYNC, IO_STATS], [IO_STATS, ASYNC]],
                         ids=["io-stats", "async-under-io-stats", "async-over-io-stats"])
def test_io_stats_counters_grow_with_io(make_mount, layers):
    m = make_mount(layers)
    before = m.io_stats()
    write_blocks(m.path / "f", 10)
    (m.path / "d").mkdir()
    after = m.io_stats()
    assert counter(after, "writev") >= counter(before, "writev") + 1, after
    assert counter(after, "mkdir") == counter(before, "mkdir") + 1, after
    assert counter(after, "create") >= counter(before, "create") + 1, after


def test_io_stats_readable_with_getfattr(make_mount):
    m = make_mount([IO_STATS])
    write_blocks(m.path / "f", 1)
    r = subprocess.run(["getfattr", "--absolute-names", "--only-values", "-n",
                        "user.booster.io-stats", str(m.path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert counter(r.stdout, "writev") >= 1, r.stdout
    # The key is served by the mount, not stored: listxattr does not show it.
    assert "user.booster.io-stats" not in os.listxattr(m.path)


def test_io_stats_reset_zeroes_the_counters(make_mount):
    m = make_mount([IO_STATS])
    write_blocks(m.path / "f", 3)
    assert counter(m.io_stats(), "writev") >= 1
    os.setxattr(m.path, "user.booster.io-stats-reset", b"1")
    assert counter(m.io_stats(), "writev") == 0
    write_blocks(m.path / "g", 1)
    assert counter(m.io_stats(), "writev") >= 1


def test_io_stats_dumps_to_log_on_sigusr1(make_mount):
    m = make_mount([IO_STATS])
    write_blocks(m.path / "f", 1)
    os.kill(m.proc.pid, signal.SIGUSR1)
    deadline = time.monotonic() + 10  # waiting for the dump, not measuring it
    while "writev" not in m.log.read_text(errors="replace"):
        assert time.monotonic() < deadline, "no io-stats dump in the log after SIGUSR1"
        time.sleep(0.05)
    assert m.proc.poll() is None, "SIGUSR1 ended the daemon"


def error_gen(fop, errname, **extra):
    return ("debug/error-gen", {"enable": fop, "error-no": errname, "every-nth": 1, **extra})


@pytest.mark.parametrize("below", [[], [ASYNC]], ids=["posix", "posix+async"])
def test_error_gen_fails_writes_with_enospc(make_mount, below):
    m = make_mount(below + [error_gen("writev", "ENOSPC"), IO_STATS])
    fd = os.open(m.path / "f", os.O_CREAT | os.O_WRONLY, 0o644)  # create is not affected
    try:
        with pytest.raises(OSError) as e:
            os.write(fd, b"no room")
        assert e.value.errno == errno.ENOSPC
    finally:
        os.close(fd)
    assert os.stat(m.path / "f").st_size == 0
    (m.path / "d").mkdir()  # other fops still work


def test_error_gen_fails_mkdir_with_chosen_errno(make_mount):
    m = make_mount([error_gen("mkdir", "EDQUOT")])
    with pytest.raises(OSError) as e:
        (m.path / "d").mkdir()
    assert e.value.errno == errno.EDQUOT
    (m.path / "f").write_bytes(b"writes still work")
    assert (m.path / "f").read_bytes() == b"writes still work"


def test_delay_gen_passes_data_through(make_mount):
    m = make_mount([("debug/delay-gen", {"enable": "writev,readv", "delay-duration": 1000,
                                         "delay-percentage": 100}), IO_STATS])
    data = os.urandom(1 << 20)
    (m.path / "f").write_bytes(data)
    assert (m.path / "f").read_bytes() == data
