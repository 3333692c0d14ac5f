"""performance/stat-prefetch through a real mount (readdirplus off, so the kernel lists with
plain readdir and then looks every entry up, as `ls -l` does).

Graph, bottom up: storage/posix, debug/delay-gen (1 ms on every lookup and stat), debug/io-stats
answering `user.booster.io-stats.below` (what reaches below stat-prefetch), stat-prefetch,
debug/io-stats answering the usual key (what the kernel sent). entry_timeout=0 makes the kernel
send a LOOKUP for every entry `ls -l` stats, even for names it created itself.
Counts of stat-prefetch itself (hits = lookups answered from its cache) come from its state
dump, written to the daemon's log on SIGUSR1."""

import os
import re
import signal
import stat
import subprocess
import time

import pytest

from preload_support import PYTHON, Booster

N = 1000  # entries listed; the report's figures use 10,000 (scripts/bench --stat-prefetch)
BELOW_KEY = "user.booster.io-stats.below"
DELAY = ("debug/delay-gen", {"enable": "lookup,stat", "delay-duration": 1000,
                             "delay-percentage": 100})
BELOW = ("debug/io-stats", {"stats-key": BELOW_KEY})
TOP = ("debug/io-stats", {})
MOUNT_OPTIONS = ["no_readdirplus", "entry_timeout=0"]
# ls -l looks each entry up once, for its statx (with entry_timeout=0 every call on a name
# revalidates it; the getxattr calls ls makes for ACLs and SELinux labels stop after the first
# file, which the mount answers "not supported").


def stat_prefetch(**options):
    return ("performance/stat-prefetch", options)


def calls(report, fop):
    """The call count of `fop` in an io-stats report (0 when it has no line)."""
    m = re.search(rf"^{re.escape(fop)} calls=(\d+) ", report, re.MULTILINE)
    return int(m.group(1)) if m else 0


def below(m):
    return os.getxattr(m.path, BELOW_KEY).decode()


def reset_counts(m):
    os.setxattr(m.path, BELOW_KEY + "-reset", b"1")
    os.setxattr(m.path, "user.booster.io-stats-reset", b"1")


def populate(m, n=N):
    d = m.path / "d"
    d.mkdir()
    for i in range(n):
        (d / f"f{i:05d}").write_bytes(b"x" * (i % 7))
    return d


def ls_l(d):
    """`ls -l` run inside d: its statx and getxattr calls name entries relative to d, so with
    entry_timeout=0 the kernel revalidates (LOOKUPs) the entries, not d itself each time."""
    out = subprocess.run(["ls", "-l"], cwd=d, capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if not line.startswith("total")]


def dumped_counter(m, key):
    """A counter of stat-prefetch's state dump, from the dump SIGUSR1 writes to the log."""
    before = m.log.read_text(errors="replace").count("state dump:")
    os.kill(m.proc.pid, signal.SIGUSR1)
    deadline = time.monotonic() + 10  # waiting for the dump, not measuring anything
    while True:
        text = m.log.read_text(errors="replace")
        found = re.findall(rf"stat-prefetch-\d+: .*\b{key}=(\d+)", text)
        if text.count("state dump:") > before and len(found) > before:
            return int(found[-1])
        assert time.monotonic() < deadline, "no stat-prefetch dump in the log after SIGUSR1"
        time.sleep(0.05)


def test_ls_l_is_answered_from_the_listing_and_lookups_still_go_behind(make_mount):
    m = make_mount([DELAY, BELOW, stat_prefetch(), TOP], MOUNT_OPTIONS)
    d = populate(m)
    reset_counts(m)
    lines = ls_l(d)
    assert len(lines) == N
    assert all(line.startswith("-rw-") for line in lines)
    assert calls(m.io_stats(), "lookup") >= N          # the kernel looked every entry up
    assert dumped_counter(m, "hits") >= N              # ... and the cache answered them
    # lookup-behind: every answered lookup was still sent below (eventually: in the background)
    deadline = time.monotonic() + 30
    while calls(below(m), "lookup") < N:
        assert time.monotonic() < deadline, below(m)
        time.sleep(0.05)
    assert calls(below(m), "readdir") == 0             # listed below with attributes
    assert calls(below(m), "readdirp") >= 1


def test_with_lookup_behind_off_close_to_no_lookup_reaches_below(make_mount):
    m = make_mount([DELAY, BELOW, stat_prefetch(**{"lookup-behind": "off"}), TOP], MOUNT_OPTIONS)
    d = populate(m)
    reset_counts(m)
    assert len(ls_l(d)) == N
    assert calls(m.io_stats(), "lookup") >= N
    assert calls(below(m), "lookup") <= 5, below(m)  # d itself at most, none of its entries


def test_without_stat_prefetch_every_lookup_reaches_below(make_mount):
    m = make_mount([DELAY, BELOW, TOP], MOUNT_OPTIONS)
    d = populate(m)
    reset_counts(m)
    assert len(ls_l(d)) == N
    assert calls(below(m), "lookup") >= N


def test_a_change_through_the_mount_is_seen_by_the_process_holding_the_listing(make_mount):
    m = make_mount([BELOW, stat_prefetch(), TOP], MOUNT_OPTIONS)
    d = populate(m, 20)
    fd = os.open(d, os.O_RDONLY | os.O_DIRECTORY)  # held open: its cache lives as long
    try:
        assert len(os.listdir(fd)) == 20  # this process lists d through fd
        assert stat.S_IMODE(os.lstat(d / "f00000").st_mode) == 0o644
        subprocess.run(["chmod", "600", str(d / "f00001")], check=True)   # another process
        subprocess.run(["truncate", "-s", "100", str(d / "f00002")], check=True)
        subprocess.run(["rm", str(d / "f00003")], check=True)
        assert stat.S_IMODE(os.lstat(d / "f00001").st_mode) == 0o600
        assert os.lstat(d / "f00002").st_size == 100
        assert not os.path.lexists(d / "f00003")
        assert dumped_counter(m, "hits") >= 1  # f00000 was answered from the cache
    finally:
        os.close(fd)


def test_a_boosted_writer_s_close_is_seen_by_the_process_holding_the_listing(make_mount, workdir):
    """The boosted writer's writes never pass the daemon's graph, its close does (FLUSH): that
    drops the entry from the lister's cache, so close-to-open holds with stat-prefetch too."""
    m = make_mount([stat_prefetch(), TOP], MOUNT_OPTIONS)
    d = populate(m, 20)
    fd = os.open(d, os.O_RDONLY | os.O_DIRECTORY)
    try:
        assert len(os.listdir(fd)) == 20
        assert os.lstat(d / "f00000").st_size == 0
        # r+, not w: no O_TRUNC through the mount, the close is the only news the daemon gets.
        run = Booster(workdir).run([PYTHON, "-c", "f = open('f00000', 'r+'); f.write('x' * 5000); f.close()"],
                                   cwd=d).check()
        assert run.boosted("write") > 0
        assert os.lstat(d / "f00000").st_size == 5000
        assert dumped_counter(m, "hits") >= 1
    finally:
        os.close(fd)
