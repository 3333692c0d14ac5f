"""Sizes and counts beyond the trivial: a directory of 10,000 entries listed completely, a
sparse file past 4 GiB, and 8 processes writing distinct files at once."""

import hashlib
import os
import subprocess
import sys

from conftest import ok

N_ENTRIES = 10_000
GiB = 1 << 30


def entry_name(i):
    # Lengths from 12 to 211 bytes, so that readdir replies break at many different places.
    return f"entry-{i:05d}-" + "n" * (i % 200)


def create_entries(d):
    for i in range(N_ENTRIES):
        os.close(os.open(d / entry_name(i), os.O_CREAT | os.O_WRONLY, 0o644))


def listing(d):
    with os.scandir(d) as it:
        return sorted((e.name, e.is_file(follow_symlinks=False)) for e in it)


def test_directory_of_10000_entries_is_listed_completely(pair):
    for d in pair.roots():
        (d / "big").mkdir()
        create_entries(d / "big")
    expected = sorted((entry_name(i), True) for i in range(N_ENTRIES))
    assert pair.same(lambda d: listing(d / "big")) == ok(expected)
    # A listing while entries go away: each remaining name exactly once.
    for d in pair.roots():
        for i in range(0, N_ENTRIES, 2):
            os.unlink(d / "big" / entry_name(i))
    assert pair.same(lambda d: sorted(os.listdir(d / "big"))) == ok(
        sorted(entry_name(i) for i in range(1, N_ENTRIES, 2)))


def test_directory_of_10000_entries_without_readdirplus(make_mount):
    m = make_mount(options=["no_readdirplus"])
    create_entries(m.path)
    names = os.listdir(m.path)
    assert len(names) == len(set(names)) == N_ENTRIES
    assert set(names) == {entry_name(i) for i in range(N_ENTRIES)}


def test_sparse_file_past_4_gib(pair):
    offset = 5 * GiB

    def scenario(d):
        fd = os.open(d / "sparse", os.O_CREAT | os.O_RDWR, 0o644)
        try:
            os.pwrite(fd, b"beyond 4 GiB", offset)
            os.pwrite(fd, b"at 4 GiB", 4 * GiB)
            st = os.fstat(fd)
            return (st.st_size, st.st_blocks * 512 < 64 << 20,  # sparse: almost nothing stored
                    os.pread(fd, 12, offset), os.pread(fd, 8, 4 * GiB),
                    os.pread(fd, 16, 3 * GiB), os.lseek(fd, 0, os.SEEK_END))
        finally:
            os.close(fd)

    assert pair.same(scenario) == ok((offset + 12, True, b"beyond 4 GiB", b"at 4 GiB",
                                      bytes(16), offset + 12))
    # Read back through a fresh open, as another program would.
    assert pair.same(lambda d: os.stat(d / "sparse").st_size) == ok(offset + 12)


WRITER = r"""
import hashlib, os, random, sys
path, seed, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
h = hashlib.sha256()
with open(path, "wb") as f:
    left = size
    while left:
        block = rng.randbytes(min(left, rng.choice([4096, 65536, 1 << 20, 12345])))
        f.write(block)
        h.update(block)
        left -= len(block)
print(h.hexdigest())
"""


def test_eight_processes_write_distinct_files_at_once(mnt):
    size = 16 << 20
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(mnt.path / f"w{i}"), str(i),
                               str(size)], stdout=subprocess.PIPE, text=True)
             for i in range(8)]
    written = {}
    for i, p in enumerate(procs):
        out, _ = p.communicate(timeout=240)
        assert p.returncode == 0, f"writer {i} failed"
        written[f"w{i}"] = out.strip()

    def digest(path):
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()

    # Through the mount, and on the brick itself: both hold exactly what each writer wrote.
    assert {name: digest(mnt.path / name) for name in written} == written
    assert {name: digest(mnt.brick / name) for name in written} == written
    assert len(set(written.values())) == 8
