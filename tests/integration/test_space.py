"""Space allocation through the mount: posix_fallocate, fallocate(2) with KEEP_SIZE, PUNCH_HOLE
and ZERO_RANGE (through ctypes and through fallocate(1)), then SEEK_DATA / SEEK_HOLE. The native
directory is on the same file system as the brick, so the allocation results must match."""

import ctypes
import os
import subprocess

from conftest import err, ok

FALLOC_FL_KEEP_SIZE = 0x01
FALLOC_FL_PUNCH_HOLE = 0x02
FALLOC_FL_ZERO_RANGE = 0x10
KiB = 1024

_libc = ctypes.CDLL(None, use_errno=True)
_libc.fallocate.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int64, ctypes.c_int64]


def fallocate(fd, mode, offset, length):
    if _libc.fallocate(fd, mode, offset, length) != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))


def data_map(fd):
    """Every (SEEK_DATA, SEEK_HOLE) pair from 0 to EOF: where the file system says data lives."""
    extents, pos = [], 0
    while True:
        try:
            start = os.lseek(fd, pos, os.SEEK_DATA)
        except OSError:  # ENXIO: no data past pos
            return extents
        end = os.lseek(fd, start, os.SEEK_HOLE)
        extents.append((start, end))
        pos = end


def write_data_file(path, size):
    with open(path, "wb") as f:
        f.write(b"x" * size)
        f.flush()
        os.fsync(f.fileno())


def test_posix_fallocate_extends_with_zeros(pair):
    def scenario(d):
        fd = os.open(d / "f", os.O_CREAT | os.O_RDWR, 0o644)
        try:
            os.write(fd, b"abc")
            os.posix_fallocate(fd, 0, 1 << 20)
            st = os.fstat(fd)
            return st.st_size, st.st_blocks * 512 >= 1 << 20, os.pread(fd, 8, 0), \
                os.pread(fd, 4, (1 << 20) - 4)
        finally:
            os.close(fd)

    assert pair.same(scenario) == ok((1 << 20, True, b"abc" + bytes(5), bytes(4)))


def test_fallocate_keep_size_allocates_past_eof(pair):
    def scenario(d):
        fd = os.open(d / "f", os.O_CREAT | os.O_RDWR, 0o644)
        try:
            os.write(fd, b"abc")
            fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 256 * KiB)
            st = os.fstat(fd)
            return st.st_size, st.st_blocks * 512 >= 256 * KiB
        finally:
            os.close(fd)

    assert pair.same(scenario) == ok((3, True))


def test_punch_hole_then_seek_data_and_hole(pair):
    def scenario(d):
        write_data_file(d / "f", 1024 * KiB)
        fd = os.open(d / "f", os.O_RDWR)
        try:
            fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 256 * KiB, 256 * KiB)
            return (os.fstat(fd).st_size,
                    os.pread(fd, 256 * KiB, 256 * KiB) == bytes(256 * KiB),
                    os.pread(fd, 4, 256 * KiB - 2), os.pread(fd, 4, 512 * KiB - 2),
                    data_map(fd))
        finally:
            os.close(fd)

    assert pair.same(scenario) == ok((1024 * KiB, True, b"xx\0\0", b"\0\0xx",
                                      [(0, 256 * KiB), (512 * KiB, 1024 * KiB)]))


def test_seek_data_past_eof_is_enxio(pair):
    def scenario(d):
        write_data_file(d / "f", 8 * KiB)
        fd = os.open(d / "f", os.O_RDONLY)
        try:
            return os.lseek(fd, 16 * KiB, os.SEEK_DATA)
        finally:
            os.close(fd)

    assert pair.same(scenario) == err("ENXIO")


def test_punch_hole_without_keep_size_is_rejected(pair):
    # fallocate(2): PUNCH_HOLE must be ORed with KEEP_SIZE.
    def scenario(d):
        write_data_file(d / "f", 8 * KiB)
        fd = os.open(d / "f", os.O_RDWR)
        try:
            fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 4 * KiB)
        finally:
            os.close(fd)

    assert pair.same(scenario) == err("EOPNOTSUPP")


def test_zero_range_reads_back_zeros(pair):
    def scenario(d):
        write_data_file(d / "f", 64 * KiB)
        fd = os.open(d / "f", os.O_RDWR)
        try:
            fallocate(fd, FALLOC_FL_ZERO_RANGE, 8 * KiB, 8 * KiB)
            return os.fstat(fd).st_size, os.pread(fd, 16 * KiB, 4 * KiB)
        finally:
            os.close(fd)

    assert pair.same(scenario) == ok((64 * KiB, b"x" * 4096 + bytes(8192) + b"x" * 4096))


def test_fallocate_command_punches_hole(pair):
    # The real fallocate(1) program, as a user would run it.
    def scenario(d):
        write_data_file(d / "f", 128 * KiB)
        r = subprocess.run(["fallocate", "--punch-hole", "--offset", "0", "--length",
                            str(64 * KiB), str(d / "f")], capture_output=True, text=True)
        fd = os.open(d / "f", os.O_RDONLY)
        try:
            return r.returncode, r.stderr, os.fstat(fd).st_size, data_map(fd)
        finally:
            os.close(fd)

    assert pair.same(scenario) == ok((0, "", 128 * KiB, [(64 * KiB, 128 * KiB)]))
