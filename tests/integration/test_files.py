"""File data through the mount: create, write, read, truncate, unlink while open.
Each test does the same operations on a native directory and on the mount and requires the
same results and the same errno (conftest.Pair)."""

import hashlib
import os

from conftest import attrs, err, ok


def read_all(fd, chunk=65536):
    out = bytearray()
    while block := os.read(fd, chunk):
        out += block
    return bytes(out)


def test_create_exclusive_then_eexist(pair):
    def create(d):
        fd = os.open(d / "f", os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o640)
        os.close(fd)
        return attrs(d / "f")

    assert pair.same(create)[0] == "ok"
    assert pair.same(create) == err("EEXIST")


def test_open_errors(pair):
    (pair.native / "file").write_bytes(b"x")
    (pair.mnt / "file").write_bytes(b"x")
    for d in pair.roots():
        (d / "dir").mkdir()
    assert pair.same(lambda d: os.open(d / "missing", os.O_RDONLY)) == err("ENOENT")
    assert pair.same(lambda d: os.open(d / "dir", os.O_WRONLY)) == err("EISDIR")
    assert pair.same(lambda d: os.open(d / "file" / "x", os.O_RDONLY)) == err("ENOTDIR")
    assert pair.same(lambda d: os.open(d / "file", os.O_RDONLY | os.O_DIRECTORY)) \
        == err("ENOTDIR")


def test_write_read_at_offsets(pair):
    def scenario(d):
        fd = os.open(d / "f", os.O_CREAT | os.O_RDWR, 0o644)
        try:
            written = [os.pwrite(fd, b"head", 0),
                       os.pwrite(fd, b"middle" * 1000, 10_000),  # leaves a hole 4..10000
                       os.pwrite(fd, b"tail", 200_000)]
            os.lseek(fd, 0, os.SEEK_SET)
            whole = read_all(fd, chunk=7919)  # odd chunk size: reads straddle pages
            return written, os.fstat(fd).st_size, hashlib.sha256(whole).hexdigest(), \
                os.pread(fd, 10, 9_995), os.pread(fd, 100, 200_002)
        finally:
            os.close(fd)

    assert pair.same(scenario)[1][1] == 200_004


def test_large_write_and_read_in_one_call(pair):
    # 8 MiB in one write(2) spans several FUSE requests (max_write is 1 MiB).
    data = os.urandom(8 << 20)

    def scenario(d):
        with open(d / "big", "wb") as f:
            n = f.write(data)
        with open(d / "big", "rb") as f:
            back = f.read()
        return n, back == data

    assert pair.same(scenario) == ok((len(data), True))


def test_append_writes_at_end(pair):
    def scenario(d):
        (d / "log").write_bytes(b"0123456789")
        fd = os.open(d / "log", os.O_WRONLY | os.O_APPEND)
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, b"A")
            os.write(fd, b"BC")
        finally:
            os.close(fd)
        return (d / "log").read_bytes()

    assert pair.same(scenario) == ok(b"0123456789ABC")


def test_truncate_shrink_grow_and_errors(pair):
    def scenario(d):
        (d / "t").write_bytes(b"abcdefghij" * 100)
        os.truncate(d / "t", 5)
        shrunk = (d / "t").read_bytes()
        os.truncate(d / "t", 5000)  # grows with zeros
        grown = (d / "t").read_bytes()
        fd = os.open(d / "t", os.O_RDWR)
        try:
            os.ftruncate(fd, 3)
            size_after_ftruncate = os.fstat(fd).st_size
        finally:
            os.close(fd)
        return shrunk, grown == b"abcde" + bytes(4995), size_after_ftruncate, \
            (d / "t").read_bytes()

    assert pair.same(scenario) == ok((b"abcde", True, 3, b"abc"))
    assert pair.same(lambda d: os.truncate(d / "missing", 0)) == err("ENOENT")
    for d in pair.roots():
        (d / "adir").mkdir()
    assert pair.same(lambda d: os.truncate(d / "adir", 0)) == err("EISDIR")


def test_open_with_o_trunc_empties_file(pair):
    def scenario(d):
        (d / "t").write_bytes(b"old content")
        fd = os.open(d / "t", os.O_WRONLY | os.O_TRUNC)
        os.close(fd)
        return os.stat(d / "t").st_size

    assert pair.same(scenario) == ok(0)


def test_unlinked_open_file_is_still_readable_and_writable(pair):
    def scenario(d):
        (d / "victim").write_bytes(b"still here")
        fd = os.open(d / "victim", os.O_RDWR)
        try:
            os.unlink(d / "victim")
            gone = os.path.lexists(d / "victim")
            before = os.pread(fd, 100, 0)
            os.pwrite(fd, b"!", 10)
            after = os.pread(fd, 100, 0)
            nlink = os.fstat(fd).st_nlink
        finally:
            os.close(fd)
        return gone, before, after, nlink, sorted(os.listdir(d))

    assert pair.same(scenario) == ok((False, b"still here", b"still here!", 0, []))
    assert pair.same(lambda d: os.stat(d / "victim")) == err("ENOENT")


def test_fsync_and_fdatasync(pair):
    def scenario(d):
        fd = os.open(d / "s", os.O_CREAT | os.O_WRONLY, 0o644)
        try:
            os.write(fd, b"durable")
            os.fsync(fd)
            os.fdatasync(fd)
        finally:
            os.close(fd)
        return (d / "s").read_bytes()

    assert pair.same(scenario) == ok(b"durable")


def test_write_to_read_only_fd_fails(pair):
    def scenario(d):
        (d / "ro").write_bytes(b"x")
        fd = os.open(d / "ro", os.O_RDONLY)
        try:
            return os.write(fd, b"y")
        finally:
            os.close(fd)

    assert pair.same(scenario) == err("EBADF")


def test_copy_file_range(pair):
    def scenario(d):
        (d / "src").write_bytes(bytes(range(256)) * 1024)
        src = os.open(d / "src", os.O_RDONLY)
        dst = os.open(d / "dst", os.O_CREAT | os.O_WRONLY, 0o644)
        try:
            copied = 0
            while n := os.copy_file_range(src, dst, 262_144 - copied, copied, copied):
                copied += n
        finally:
            os.close(src)
            os.close(dst)
        return copied, (d / "dst").read_bytes() == (d / "src").read_bytes()

    assert pair.same(scenario) == ok((262_144, True))
