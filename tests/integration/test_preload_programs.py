"""Real programs under libbooster.so on a real mount: each script runs once on a native
directory without the booster and once on the mount with it; stdout and the resulting files
must be identical, and BOOSTER_STATS must show that the program's I/O was served by the
booster (not by FUSE)."""

import os
import random
import subprocess

import pytest

from conftest import BOOSTER, PRELOAD_VOLUMES, make_preload_volume, tree
from preload_support import LIBRARY, PYTHON, SOURCE_DIR, Booster, plain

READS = ("read", "__read_chk", "pread", "pread64", "readv", "preadv", "preadv2", "copy_file_range", "sendfile")
WRITES = ("write", "pwrite", "pwrite64", "writev", "pwritev", "pwritev2", "copy_file_range")


def seed(root):
    """The same input files in both roots, written without the booster."""
    rng = random.Random(1234)
    (root / "data.bin").write_bytes(rng.randbytes(3 * 1024 * 1024 + 517))
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
    lines = [f"{rng.choice(words)} {rng.randint(0, 10**6)}\n" for _ in range(5000)]
    (root / "text.txt").write_text("".join(lines))


SCRIPTS = {
    "cat": ("cat data.bin > out.bin && cat text.txt", READS),
    "cp": ("cp data.bin copy.bin && cp text.txt text2.txt", READS),
    "dd-4k": ("dd if=data.bin of=dd.bin bs=4k status=none && dd if=dd.bin bs=4k status=none | md5sum", WRITES),
    "dd-1M": ("dd if=data.bin of=dd.bin bs=1M status=none && dd if=dd.bin bs=1M status=none | md5sum", WRITES),
    "head-tail": ("head -n 5 text.txt && tail -n 7 text.txt && head -c 1000 data.bin | md5sum"
                  " && tail -c 333 data.bin | md5sum", READS),
    "sort": ("sort text.txt > sorted.txt && sort -r -k2n text.txt | head -n 20", READS),
    "md5-sha256": ("md5sum data.bin text.txt && sha256sum data.bin", READS),
    "tar": ("mkdir -p t/u && cp text.txt t/ && cp data.bin t/u/ && "
            "tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf a.tar t && "
            "mkdir x && tar -xf a.tar -C x && tar -tvf a.tar && md5sum a.tar", WRITES),
    "gzip": ("gzip -k -n data.bin && gunzip -c data.bin.gz | md5sum && gzip -dc data.bin.gz > round.bin", WRITES),
    "bash-redirections": ("(echo a; echo b) > f && cat f && exec 3> g && (echo child1 >&3) && "
                          "bash -c 'cat text.txt >&3' && "
                          "bash -c 'echo child2 >&3' && echo parent >&3 && exec 3>&- && cat g && "
                          "echo more >> f && cat f", WRITES),
}


@pytest.fixture
def booster(workdir):
    return Booster(workdir)


@pytest.fixture(params=PRELOAD_VOLUMES)
def volume(request, make_mount):
    """A local volume, the same over a brick daemon (the booster then talks to the brick), and
    the volume `booster up` makes, with every performance translator."""
    return make_preload_volume(make_mount, request.param)


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_program_output_and_files_match_native_and_io_is_boosted(name, volume, native, booster):
    script, calls = SCRIPTS[name]
    seed(native)
    seed(volume.path)
    expected = plain(["bash", "-c", script], cwd=native)
    assert expected.returncode == 0, expected.stderr
    run = booster.run(["bash", "-c", script], cwd=volume.path).check()
    assert run.stdout == expected.stdout
    assert tree(volume.path) == tree(native)
    assert run.boosted(*calls) > 0, f"no boosted {calls}: {dict(run.stats)}"


PYTHON_IO = r"""
import os, subprocess, multiprocessing, sys

def worker(i):
    fd = os.open("shared.bin", os.O_WRONLY)
    os.pwrite(fd, bytes([65 + i]) * 4096 * 16, i * 4096 * 16)
    os.close(fd)

with open("p.txt", "w+") as f:
    f.write("hello world\n" * 100)
    f.seek(6)
    print(f.read(5))
    f.seek(0, os.SEEK_END)
    print(f.tell())
with open("p.txt", "rb") as f:
    f.seek(-12, os.SEEK_END)
    print(f.read())

fd = os.open("fork.bin", os.O_RDWR | os.O_CREAT, 0o644)
os.write(fd, b"0123456789" * 10)
os.lseek(fd, 0, os.SEEK_SET)
pid = os.fork()
if pid == 0:
    os.read(fd, 25)
    os.write(fd, b"CHILD")
    os._exit(0)
os.waitpid(pid, 0)
print(os.lseek(fd, 0, os.SEEK_CUR), os.read(fd, 5))
os.close(fd)

print(subprocess.run(["cat", "p.txt"], capture_output=True).stdout.count(b"hello"))

fd = os.open("shared.bin", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
os.close(fd)
with multiprocessing.Pool(4) as pool:
    pool.map(worker, range(4))
data = open("shared.bin", "rb").read()
print(len(data), [data[i * 65536] for i in range(4)], data == b"".join(bytes([65 + i]) * 65536 for i in range(4)))
"""


def test_python_io_fork_subprocess_multiprocessing(volume, native, booster):
    expected = plain([PYTHON, "-c", PYTHON_IO], cwd=native)
    assert expected.returncode == 0, expected.stderr
    run = booster.run([PYTHON, "-c", PYTHON_IO], cwd=volume.path).check()
    assert run.stdout == expected.stdout
    assert tree(volume.path) == tree(native)
    assert run.boosted("read") > 0 and run.boosted("write", "pwrite", "pwrite64") > 0, dict(run.stats)


SQLITE = """
CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, value INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO t(name, value) SELECT 'row' || i, i * 7 FROM n;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 5001 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO t(name, value) SELECT 'row' || i, i * 7 FROM n;
COMMIT;
PRAGMA integrity_check;
SELECT count(*), sum(value) FROM t;
"""


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_sqlite3_database_on_the_mount(volume, native, booster, journal):
    # WAL mode maps its -shm file shared and writable after extending it with pwrite: the
    # mount must know the size the booster wrote, or the first touch of the map is a SIGBUS.
    sql = f"PRAGMA journal_mode={journal};" + SQLITE
    expected = plain(["sqlite3", "db.sqlite"], cwd=native, input=sql)
    assert expected.returncode == 0, expected.stderr
    run = booster.run(["sqlite3", "db.sqlite"], cwd=volume.path, input=sql).check()
    assert run.stdout == expected.stdout
    assert run.stdout.startswith(f"{journal}\nok\n10000|")
    again = plain(["sqlite3", str(volume.path / "db.sqlite"), "PRAGMA integrity_check; SELECT count(*) FROM t;"])
    assert again.stdout == "ok\n10000\n"
    assert run.boosted("pwrite", "pwrite64", "pread", "pread64") > 0, dict(run.stats)


SQLITE_WRITERS = """
import multiprocessing, sqlite3
def writer(k):
    db = sqlite3.connect("db.sqlite", timeout=60)
    for i in range(150):
        with db:
            db.execute("INSERT INTO t VALUES (?, ?)", (k * 1000 + i, "x" * 100))
    db.close()
db = sqlite3.connect("db.sqlite")
db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)")
db.commit()
db.close()
workers = [multiprocessing.Process(target=writer, args=(k,)) for k in range(4)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print([w.exitcode for w in workers])
"""


def test_sqlite3_from_four_processes_at_once(volume, booster):
    # Each process has an engine of its own, with caches of its own. sqlite's file locks hand
    # the database from one writer to the next: a writer that reads pages its engine cached
    # before the previous writer's commit would write them back over it, and rows would be lost
    # without an error.
    run = booster.run([PYTHON, "-c", SQLITE_WRITERS], cwd=volume.path).check()
    assert run.stdout == "[0, 0, 0, 0]\n", run.stderr
    seen = plain(["sqlite3", str(volume.path / "db.sqlite"), "PRAGMA integrity_check; SELECT count(*) FROM t;"])
    assert seen.stdout == "ok\n600\n"
    assert run.boosted("pwrite", "pwrite64", "pread", "pread64") > 0, dict(run.stats)


def test_fio_psync_with_verification(volume, booster):
    run = booster.run(["fio", "--name=v", "--ioengine=psync", "--rw=randrw", "--bs=4k", "--size=16m",
                       "--verify=crc32c", "--do_verify=1", "--numjobs=2", "--group_reporting",
                       f"--directory={volume.path}"], cwd=volume.path).check()
    assert "err= 0" in run.stdout
    assert run.boosted("pwrite", "pwrite64", "pread", "pread64", "write", "read") > 0, dict(run.stats)


def test_launchers_booster_run_and_script_boost_from_any_directory(volume, workdir):
    (volume.path / "l.txt").write_text("launched\n")
    env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "BOOSTER_LIB")}
    default_lib = SOURCE_DIR / "build/release/libbooster.so"
    if default_lib.resolve() != LIBRARY.resolve():
        env["BOOSTER_LIB"] = str(LIBRARY)  # the library under test is not where the script looks first
    for n, launcher in enumerate([[str(BOOSTER), "run", "--"], [str(SOURCE_DIR / "scripts/booster-run")]]):
        stats = workdir / f"launcher-{n}.txt"
        proc = subprocess.run([*launcher, "cat", str(volume.path / "l.txt")], cwd="/", capture_output=True,
                              text=True, env={**env, "BOOSTER_STATS": str(stats)}, stdin=subprocess.DEVNULL)
        assert (proc.returncode, proc.stdout) == (0, "launched\n"), proc.stderr
        assert "booster-stats: read boosted=" in stats.read_text()
        assert "read boosted=0 " not in stats.read_text()
    bad = subprocess.run([str(SOURCE_DIR / "scripts/booster-run")], capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and "usage" in bad.stderr
