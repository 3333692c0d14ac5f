"""performance/md-cache through the booster, over a brick daemon: a boosted program's fstat is
answered from its own engine's md-cache, and an open drops what it holds (close-to-open). The
program fstats a file; another client (a plain process, through the mount) appends to it; the
program's fstat of a new fd sees the new size although the cache's timeout (1 h here) has not
run out."""

import subprocess
import textwrap

from preload_support import PYTHON, Booster, Run, plain

LAYERS = [("performance/write-behind", {}), ("performance/io-cache", {}),
          ("performance/md-cache", {"timeout": "3600"})]

PROGRAM = textwrap.dedent("""
    import os, sys
    path = sys.argv[1]
    kept = os.open(path, os.O_RDONLY)
    print("first", os.fstat(kept).st_size, os.fstat(kept).st_size, flush=True)
    sys.stdin.readline()                        # the file grows meanwhile
    fd = os.open(path, os.O_RDONLY)
    print("reopened", os.fstat(fd).st_size, flush=True)
    os.close(fd)
    os.close(kept)
    """)

STAT_CALLS = ("fstat", "fstat64", "fstatat", "fstatat64")


def test_a_boosted_fstat_after_a_reopen_sees_another_clients_change(make_mount, processes, workdir):
    m = make_mount(LAYERS, transport="unix")
    path = m.path / "f"
    path.write_bytes(b"a" * 100)
    booster = Booster(workdir)
    proc = processes([PYTHON, "-c", PROGRAM, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True, env=booster.env(workdir / "stats.txt"))
    assert proc.stdout.readline().split() == ["first", "100", "100"], proc.stderr.read()
    grew = plain([PYTHON, "-c", "import sys; open(sys.argv[1], 'ab').write(b'b' * 23)", str(path)])
    assert grew.returncode == 0, grew.stderr
    proc.stdin.write("go\n")
    proc.stdin.flush()
    assert proc.stdout.readline().split() == ["reopened", "123"], proc.stderr.read()
    assert proc.wait(timeout=60) == 0, proc.stderr.read()
    stats = Run(proc, (workdir / "stats.txt").read_text())
    assert stats.boosted(*(c for c in STAT_CALLS if c in stats.stats)) >= 3, stats.stats
