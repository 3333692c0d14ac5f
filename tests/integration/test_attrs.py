"""Attribute changes through the mount (setattr): chmod, chown, utimens, compared with a native
directory. chown needs root (CI runs as root)."""

import os
import stat

import pytest

from conftest import err, ok


def mode(path, follow=True):
    return stat.S_IMODE(os.stat(path, follow_symlinks=follow).st_mode)


def make(d):
    (d / "f").write_bytes(b"data")
    (d / "dir").mkdir()
    os.symlink("f", d / "link")


def test_chmod(pair):
    pair.same(make)
    assert pair.same(lambda d: (os.chmod(d / "f", 0o640), mode(d / "f"))[1]) == ok(0o640)
    assert pair.same(lambda d: (os.chmod(d / "f", 0o4755), mode(d / "f"))[1]) == ok(0o4755)
    assert pair.same(lambda d: (os.chmod(d / "dir", 0o1777), mode(d / "dir"))[1]) == ok(0o1777)
    # chmod follows the symlink: the target changes.
    assert pair.same(lambda d: (os.chmod(d / "link", 0o600), mode(d / "f"))[1]) == ok(0o600)
    assert pair.same(lambda d: os.chmod(d / "missing", 0o600)) == err("ENOENT")


def test_fchmod_on_open_file(pair):
    def scenario(d):
        fd = os.open(d / "g", os.O_CREAT | os.O_WRONLY, 0o644)
        try:
            os.fchmod(fd, 0o400)
            os.write(fd, b"the open fd still writes")
        finally:
            os.close(fd)
        return mode(d / "g"), (d / "g").read_bytes()

    assert pair.same(scenario) == ok((0o400, b"the open fd still writes"))


@pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")
def test_chown_and_lchown(pair):
    pair.same(make)

    def owner(path, follow=True):
        st = os.stat(path, follow_symlinks=follow)
        return st.st_uid, st.st_gid

    assert pair.same(lambda d: (os.chown(d / "f", 1234, 5678), owner(d / "f"))[1]) \
        == ok((1234, 5678))
    assert pair.same(lambda d: (os.chown(d / "f", -1, 42), owner(d / "f"))[1]) == ok((1234, 42))
    assert pair.same(lambda d: (os.chown(d / "dir", 7, 7), owner(d / "dir"))[1]) == ok((7, 7))
    # lchown changes the link itself, not its target.
    assert pair.same(lambda d: (os.chown(d / "link", 99, 98, follow_symlinks=False),
                                owner(d / "link", follow=False), owner(d / "f"))[1:]) \
        == ok(((99, 98), (1234, 42)))
    assert pair.same(lambda d: os.chown(d / "missing", 1, 1)) == err("ENOENT")


@pytest.mark.skipif(os.geteuid() != 0, reason="chown needs root")
def test_chown_clears_setuid(pair):
    def scenario(d):
        (d / "s").write_bytes(b"x")
        os.chmod(d / "s", 0o4755)
        os.chown(d / "s", 1000, 1000)
        return mode(d / "s")

    assert pair.same(scenario) == ok(0o755)


def test_utimens(pair):
    pair.same(make)
    atime_ns, mtime_ns = 1_000_000_123_456_789, 1_200_000_987_654_321

    def times(path, follow=True):
        st = os.stat(path, follow_symlinks=follow)
        return st.st_atime_ns, st.st_mtime_ns

    assert pair.same(lambda d: (os.utime(d / "f", ns=(atime_ns, mtime_ns)), times(d / "f"))[1]) \
        == ok((atime_ns, mtime_ns))
    assert pair.same(lambda d: (os.utime(d / "dir", ns=(5, 6)), times(d / "dir"))[1]) \
        == ok((5, 6))
    assert pair.same(lambda d: (os.utime(d / "link", ns=(7, 8), follow_symlinks=False),
                                times(d / "link", follow=False))[1]) == ok((7, 8))
    assert pair.same(lambda d: os.utime(d / "missing", ns=(1, 1))) == err("ENOENT")


def test_utime_now_and_write_update_mtime(pair):
    def scenario(d):
        (d / "f").write_bytes(b"x")
        os.utime(d / "f", ns=(0, 0))
        with open(d / "f", "ab") as f:
            f.write(b"y")
        after_write = os.stat(d / "f").st_mtime_ns
        os.utime(d / "f", ns=(0, 0))
        os.utime(d / "f")  # UTIME_NOW
        return after_write > 0, os.stat(d / "f").st_mtime_ns > 0, os.stat(d / "f").st_atime_ns > 0

    assert pair.same(scenario) == ok((True, True, True))
