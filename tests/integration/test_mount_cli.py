"""The `booster` command line around the mount: background mount and umount, mount options,
clean unmount on SIGTERM, and clear errors for bad arguments."""

import os
import signal
import subprocess
import time

import pytest

from conftest import (BOOSTER, daemon_pids, is_mounted, kill_pids, lazy_unmount, run_booster,
                      volfile_text)


@pytest.fixture
def volume(workdir):
    """(volfile, mountpoint) of a fresh posix brick; teardown removes any mount and daemon."""
    (workdir / "brick").mkdir()
    mnt = workdir / "mnt"
    mnt.mkdir()
    vol = workdir / "v.vol"
    vol.write_text(volfile_text(workdir / "brick", [("debug/io-stats", {})]))
    yield vol, mnt
    if is_mounted(mnt):
        run_booster("umount", mnt, timeout=30)
    if is_mounted(mnt):
        lazy_unmount(mnt)
    kill_pids(daemon_pids(mnt))


def wait_until(cond, what, seconds=15):
    deadline = time.monotonic() + seconds  # a bound on waiting, not a timing assertion
    while not cond():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_background_mount_is_up_on_return_and_umount_ends_daemon(volume, workdir):
    vol, mnt = volume
    r = run_booster("mount", "-o", f"log-file={workdir / 'log'}", vol, mnt)
    assert r.returncode == 0, r.stderr
    assert is_mounted(mnt)  # up as soon as the command returned
    (mnt / "hello").write_text("world")
    assert (workdir / "brick" / "hello").read_text() == "world"
    assert daemon_pids(mnt), "no daemon serves the mount"

    u = run_booster("umount", mnt)
    assert u.returncode == 0, u.stderr
    assert not is_mounted(mnt)
    wait_until(lambda: not daemon_pids(mnt), "the daemon outlived its unmount")


@pytest.mark.parametrize("options", [
    "attr_timeout=0,entry_timeout=0,negative_timeout=0",
    "attr_timeout=2.5,entry_timeout=1,negative_timeout=1",
    "no_readdirplus",
    "threads=1",
    "threads=8,log-level=debug",
])
def test_mount_options_are_accepted(make_mount, options):
    m = make_mount(options=options.split(","))
    (m.path / "d").mkdir()
    (m.path / "d" / "f").write_bytes(b"x")
    assert os.listdir(m.path / "d") == ["f"]


def test_log_file_receives_the_log(make_mount):
    m = make_mount(options=["log-level=debug"])
    (m.path / "f").write_bytes(b"x")
    assert m.log.exists() and m.log.stat().st_size > 0


@pytest.mark.parametrize("option", ["threads=0", "threads=many", "attr_timeout=-1",
                                    "no-such-option", "log-level=loud"])
def test_bad_mount_option_is_refused(volume, workdir, option):
    vol, mnt = volume
    r = run_booster("mount", "-o", f"log-file={workdir / 'log'},{option}", vol, mnt, timeout=30)
    assert r.returncode != 0
    assert option.split("=")[0] in r.stderr, r.stderr
    assert not is_mounted(mnt)


def test_sigterm_unmounts_cleanly(make_mount):
    m = make_mount()
    (m.path / "f").write_bytes(b"x")
    os.kill(m.proc.pid, signal.SIGTERM)
    assert m.proc.wait(timeout=30) == 0
    assert not is_mounted(m.path)


def test_mount_on_missing_mountpoint_is_a_clear_error(volume, workdir):
    vol, _ = volume
    r = run_booster("mount", "-o", f"log-file={workdir / 'log'}", vol, workdir / "no-such-dir",
                    timeout=30)
    assert r.returncode != 0
    assert "no-such-dir" in r.stderr, r.stderr


def test_umount_of_something_not_mounted_fails(workdir):
    r = run_booster("umount", workdir)
    assert r.returncode != 0
    assert str(workdir) in r.stderr, r.stderr


@pytest.mark.parametrize("args", [["help"], ["--help"]])
def test_help_lists_the_commands(args):
    r = run_booster(*args)
    assert r.returncode == 0
    for command in ("mount", "umount", "check"):
        assert command in r.stdout


@pytest.mark.parametrize("args", [[], ["no-such-command"], ["mount"], ["mount", "only-one"]])
def test_bad_usage_is_refused_with_usage(args):
    r = run_booster(*args)
    assert r.returncode != 0
    assert "usage" in (r.stderr + r.stdout).lower()


def test_mount_8_runs_booster_as_a_mount_helper(volume, workdir):
    # What /etc/fstab does: mount(8) -> mount.fuse3 -> `booster VOLFILE MOUNTPOINT -o OPTS`.
    # With `-t fuse.booster` mount.fuse3 finds `booster` on mount(8)'s own fixed PATH, where a
    # build tree is not; the `-t fuse PROGRAM#SOURCE` form names the binary and runs the very
    # same helper command line.
    vol, mnt = volume
    r = subprocess.run(["mount", "-t", "fuse", f"{BOOSTER}#{vol}", str(mnt), "-o",
                        f"log-file={workdir / 'log'}"], capture_output=True, text=True,
                       stdin=subprocess.DEVNULL, timeout=60)
    assert r.returncode == 0, r.stderr
    assert is_mounted(mnt)
    (mnt / "f").write_bytes(b"via mount(8)")
    assert (workdir / "brick" / "f").read_bytes() == b"via mount(8)"
    u = subprocess.run(["umount", str(mnt)], capture_output=True, text=True, timeout=60)
    assert u.returncode == 0, u.stderr
    assert not is_mounted(mnt)
    wait_until(lambda: not daemon_pids(mnt), "the daemon outlived umount(8)")
