"""performance/io-cache through the booster: close-to-open. A boosted reader (its own engine,
so its own io-cache) has a file's pages cached; another process rewrites the file through the
mount (same size, other bytes) and closes it; the reader's next open sees the new bytes. While
the reader keeps its first fd open it may still read the old bytes (io_cache.hpp): the test
prints what it saw there and does not assert on it."""

import hashlib
import subprocess
import textwrap

import pytest

from preload_support import PYTHON, Booster, Run, plain

LAYERS = [("performance/write-behind", {}), ("performance/io-cache", {})]
SIZE = 1 << 20

READER = textwrap.dedent("""
    import hashlib, os, sys
    path = sys.argv[1]
    def digest(fd):
        return hashlib.sha256(os.pread(fd, 2 * %d, 0)).hexdigest()
    kept = os.open(path, os.O_RDONLY)
    digest(kept)
    print("first", digest(kept), flush=True)   # the second read is a re-read: served by io-cache
    sys.stdin.readline()                        # the file is rewritten meanwhile
    print("still-open", digest(kept), flush=True)
    fd = os.open(path, os.O_RDONLY)
    print("reopened", digest(fd), flush=True)
    os.close(fd)
    os.close(kept)
    fd = os.open(path, os.O_RDONLY)
    print("after-close", digest(fd), flush=True)
    os.close(fd)
    """ % SIZE)

WRITER = textwrap.dedent("""
    import os, sys
    fd = os.open(sys.argv[1], os.O_WRONLY)
    os.pwrite(fd, bytes([int(sys.argv[2])]) * %d, 0)
    os.close(fd)
    """ % SIZE)


def sha256_of(byte):
    return hashlib.sha256(bytes([byte]) * SIZE).hexdigest()


@pytest.fixture
def reader(workdir, processes):
    """Factory: reader(path) -> a running boosted READER; ended at teardown whatever happened."""
    return lambda path: processes([PYTHON, "-c", READER, str(path)], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=Booster(workdir).env(workdir / "reader-stats.txt"))


def line_of(proc, label):
    words = proc.stdout.readline().split()
    assert words and words[0] == label, (words, proc.stderr.read() if proc.poll() is not None else "")
    return words[1]


@pytest.mark.parametrize("writer_kind", ["plain", "boosted"])
def test_a_boosted_reader_sees_a_rewrite_at_its_next_open(make_mount, reader, workdir, writer_kind):
    m = make_mount(LAYERS)
    path = m.path / "f"
    assert plain([PYTHON, "-c", "import sys; open(sys.argv[1], 'wb').write(bytes([1]) * %d)" % SIZE,
                  str(path)]).returncode == 0
    a = reader(path)
    assert line_of(a, "first") == sha256_of(1)

    run = plain if writer_kind == "plain" else Booster(workdir).run
    wrote = run([PYTHON, "-c", WRITER, str(path), "2"])
    assert wrote.returncode == 0, wrote.stderr

    a.stdin.write("go\n")
    a.stdin.flush()
    print("while still open the reader saw", "new" if line_of(a, "still-open") == sha256_of(2) else "old", "bytes")
    assert line_of(a, "reopened") == sha256_of(2)
    assert line_of(a, "after-close") == sha256_of(2)
    assert a.wait(timeout=60) == 0, a.stderr.read()
    stats = Run(a, (workdir / "reader-stats.txt").read_text())
    assert stats.boosted("pread", "pread64") >= 5, stats.stats  # the reader's engine served them
