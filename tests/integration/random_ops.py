"""A randomized operation tester: random data operations on a few files in a directory, every
read (and size) checked against an in-memory model, replayable from its seed.

Operations: write, read, truncate, fallocate (posix_fallocate), punch-hole (fallocate
PUNCH_HOLE|KEEP_SIZE), copy_file_range, fsync, fstat, close and reopen. The same sequence
follows from the same seed, so a failure replays with BOOSTER_RANDOM_SEED=<seed>.

Used in-process against a FUSE mount, and as a program run under libbooster.so:
    python3 random_ops.py DIRECTORY SEED COUNT
which exits 0 and prints one line "sha256 NAME HEX" per file (the model's contents, for the
caller to compare through another client), or exits 1 with the failure on stderr.
"""

import ctypes
import errno
import hashlib
import os
import random
import sys

FILES = ("a", "b", "c")
SPAN = 256 * 1024  # offsets are drawn below this
FALLOC_FL_KEEP_SIZE = 0x01
FALLOC_FL_PUNCH_HOLE = 0x02

_libc = ctypes.CDLL(None, use_errno=True)
_libc.fallocate.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_long, ctypes.c_long]


class Mismatch(AssertionError):
    pass


def punch_hole(fd, offset, length):
    if _libc.fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, offset, length) != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))


class Tester:
    """Applies operations to the files under `directory` and to the model side by side."""

    def __init__(self, directory, seed):
        self.dir = str(directory)
        self.rng = random.Random(seed)
        self.model = {name: bytearray() for name in FILES}
        self.fds = {}
        self.log = []  # the operations so far, for the failure message
        for name in FILES:
            self.fds[name] = os.open(self.path(name), os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)

    def path(self, name):
        return os.path.join(self.dir, name)

    # --- drawing ------------------------------------------------------------------------
    def offset(self):
        return self.rng.randrange(SPAN)

    def length(self):
        return 1 + self.rng.randrange(65536 if self.rng.random() < 0.2 else 4096)

    def check(self, what, got, want):
        if got != want:
            raise Mismatch(f"{what}: got {summary(got)}, the model says {summary(want)}")

    # --- operations ---------------------------------------------------------------------
    def op_write(self, name):
        off, data = self.offset(), self.rng.randbytes(self.length())
        self.log.append(f"write {name} off={off} len={len(data)}")
        self.check("write count", os.pwrite(self.fds[name], data, off), len(data))
        put(self.model[name], off, data)

    def op_read(self, name):
        off, n = self.offset(), self.length()
        self.log.append(f"read {name} off={off} len={n}")
        m = self.model[name]
        self.check(f"read {name} [{off}, +{n})", os.pread(self.fds[name], n, off), bytes(m[off:off + n]))

    def op_truncate(self, name):
        size = self.offset()
        self.log.append(f"truncate {name} size={size}")
        os.ftruncate(self.fds[name], size)
        resize(self.model[name], size)

    def op_fallocate(self, name):
        off, n = self.offset(), self.length()
        self.log.append(f"fallocate {name} off={off} len={n}")
        os.posix_fallocate(self.fds[name], off, n)
        if len(self.model[name]) < off + n:
            resize(self.model[name], off + n)

    def op_punch_hole(self, name):
        off, n = self.offset(), self.length()
        self.log.append(f"punch-hole {name} off={off} len={n}")
        punch_hole(self.fds[name], off, n)
        m = self.model[name]
        end = min(off + n, len(m))
        if off < end:
            m[off:end] = bytes(end - off)

    def op_copy_file_range(self, name):
        dst = self.rng.choice(FILES)
        src_off, dst_off, n = self.offset(), self.offset(), self.length()
        if dst == name and src_off < dst_off + n and dst_off < src_off + n:
            dst = FILES[(FILES.index(name) + 1) % len(FILES)]  # the kernel refuses overlapping ranges
        self.log.append(f"copy_file_range {name}+{src_off} -> {dst}+{dst_off} len={n}")
        data = bytes(self.model[name][src_off:src_off + n])
        moved = os.copy_file_range(self.fds[name], self.fds[dst], n, src_off, dst_off)
        self.check("copy_file_range count", moved, len(data))
        if moved:
            put(self.model[dst], dst_off, data)

    def op_fsync(self, name):
        self.log.append(f"fsync {name}")
        os.fsync(self.fds[name])

    def op_fstat(self, name):
        self.log.append(f"fstat {name}")
        self.check(f"size of {name}", os.fstat(self.fds[name]).st_size, len(self.model[name]))

    def op_reopen(self, name):
        self.log.append(f"close and reopen {name}")
        os.close(self.fds[name])
        self.fds[name] = os.open(self.path(name), os.O_RDWR)

    OPS = [("op_write", 30), ("op_read", 20), ("op_truncate", 6), ("op_fallocate", 5), ("op_punch_hole", 6),
           ("op_copy_file_range", 8), ("op_fsync", 5), ("op_fstat", 10), ("op_reopen", 10)]

    def step(self):
        op = self.rng.choices([o for o, _ in self.OPS], weights=[w for _, w in self.OPS])[0]
        getattr(self, op)(self.rng.choice(FILES))

    def run(self, count):
        try:
            for _ in range(count):
                self.step()
            for name in FILES:
                self.op_fstat(name)
                self.log.append(f"read all of {name}")
                self.check(f"contents of {name}", os.pread(self.fds[name], SPAN * 2, 0), bytes(self.model[name]))
        except (Mismatch, OSError) as e:
            recent = "\n  ".join(self.log[-12:])
            raise Mismatch(f"operation {len(self.log)}: {e}\n last operations:\n  {recent}") from e
        finally:
            self.close()

    def close(self):
        for fd in self.fds.values():
            try:
                os.close(fd)
            except OSError as e:
                if e.errno != errno.EBADF:
                    raise
        self.fds = {}

    def digests(self):
        return {name: hashlib.sha256(bytes(m)).hexdigest() for name, m in self.model.items()}


def put(buf, off, data):
    if len(buf) < off:
        buf.extend(bytes(off - len(buf)))
    buf[off:off + len(data)] = data


def resize(buf, size):
    if len(buf) > size:
        del buf[size:]
    else:
        buf.extend(bytes(size - len(buf)))


def summary(value):
    if isinstance(value, (bytes, bytearray)):
        return f"{len(value)} bytes sha256:{hashlib.sha256(value).hexdigest()[:12]}"
    return repr(value)


def run(directory, seed, count):
    """Runs `count` operations; returns {file: sha256 of the model's contents}. Raises
    Mismatch naming the operation and the ones before it."""
    t = Tester(directory, seed)
    t.run(count)
    return t.digests()


if __name__ == "__main__":
    directory, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    try:
        digests = run(directory, seed, count)
    except Mismatch as e:
        print(f"seed {seed}: {e}", file=sys.stderr)
        sys.exit(1)
    for name, digest in sorted(digests.items()):
        print(f"sha256 {name} {digest}")
