"""A bad volfile makes `booster mount` (and `booster check`) exit non-zero with a
"FILE:LINE: message" error, and leaves no mount and no daemon behind."""

import pytest

from conftest import daemon_pids, is_mounted, kill_pids, lazy_unmount, run_booster, volfile_text


def posix(brick):
    return f"volume brick\n  type storage/posix\n  option directory {brick}\nend-volume\n"


# id -> (volfile text for a brick dir, the line(s) the error may name, words the message must
# contain). Where two lines are right (the `volume` line, or where the parser noticed), both are
# accepted.
CASES = {
    "unknown type": (
        lambda b: f"volume brick\n  type storage/no-such-type\n  option directory {b}\n"
                  "end-volume\n",
        2, ["storage/no-such-type"]),
    "unknown option": (
        lambda b: f"volume brick\n  type storage/posix\n  option directory {b}\n"
                  "  option no-such-option 1\nend-volume\n",
        4, ["no-such-option"]),
    "bad value": (
        lambda b: posix(b) + "volume stats\n  type debug/io-stats\n  subvolumes brick\n"
                  "end-volume\nvolume err\n  type debug/error-gen\n  option every-nth lots\n"
                  "  subvolumes stats\nend-volume\n",
        11, ["every-nth", "lots"]),
    "subvolume used before it is defined": (
        lambda b: "volume stats\n  type debug/io-stats\n  subvolumes brick\nend-volume\n"
                  + posix(b),
        3, ["brick"]),
    "duplicate volume name": (
        lambda b: posix(b) + posix(b),
        5, ["brick"]),
    "missing end-volume": (
        lambda b: f"volume brick\n  type storage/posix\n  option directory {b}\n",
        {1, 3, 4}, ["end-volume"]),
    "statement outside a volume": (
        lambda b: "option directory /tmp\n" + posix(b),
        1, ["option"]),
    "missing required option": (
        lambda b: "volume brick\n  type storage/posix\nend-volume\n",
        {1, 2}, ["directory"]),
}


@pytest.fixture
def target(workdir):
    """(brick, mountpoint); afterwards no mount and no daemon may remain on the mountpoint."""
    brick, mnt = workdir / "brick", workdir / "mnt"
    brick.mkdir()
    mnt.mkdir()
    yield brick, mnt
    left = daemon_pids(mnt)
    mounted = is_mounted(mnt)
    if mounted:
        lazy_unmount(mnt)
    kill_pids(left)
    assert not mounted, "a failed mount left the mount behind"
    assert not left, f"a failed mount left daemons behind: {left}"


@pytest.mark.parametrize("case", list(CASES))
def test_bad_volfile_is_refused_with_file_and_line(case, target, workdir):
    brick, mnt = target
    text, lines, words = CASES[case]
    lines = {lines} if isinstance(lines, int) else lines
    vol = workdir / "bad.vol"
    vol.write_text(text(brick))

    def names_line(stderr):
        return any(f"{vol}:{n}:" in stderr for n in lines)

    r = run_booster("mount", "-o", f"log-file={workdir / 'log'}", vol, mnt, timeout=30)
    assert r.returncode != 0
    assert names_line(r.stderr), f"expected {vol}:{sorted(lines)}: in: {r.stderr}"
    for w in words:
        assert w in r.stderr, r.stderr
    assert not is_mounted(mnt)

    # `booster check` reports the same error without mounting anything.
    c = run_booster("check", vol)
    assert c.returncode != 0
    assert names_line(c.stderr), c.stderr


def test_check_accepts_a_good_volfile(workdir):
    (workdir / "brick").mkdir()
    vol = workdir / "good.vol"
    vol.write_text(volfile_text(workdir / "brick", [("debug/io-stats", {})]))
    r = run_booster("check", vol)
    assert r.returncode == 0, r.stderr


def test_missing_volfile_is_a_clear_error(target, workdir):
    _, mnt = target
    r = run_booster("mount", "-o", f"log-file={workdir / 'log'}", workdir / "no-such.vol", mnt,
                    timeout=30)
    assert r.returncode != 0
    assert "no-such.vol" in r.stderr, r.stderr
    assert not is_mounted(mnt)


def test_missing_brick_directory_is_a_clear_error(target, workdir):
    _, mnt = target
    vol = workdir / "v.vol"
    vol.write_text(volfile_text(workdir / "no-such-brick"))
    r = run_booster("mount", "-o", f"log-file={workdir / 'log'}", vol, mnt, timeout=30)
    assert r.returncode != 0
    assert "no-such-brick" in r.stderr, r.stderr
    assert not is_mounted(mnt)
