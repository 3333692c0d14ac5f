"""`booster up DIR` / `booster down DIR`: the one-command embedded default. A program runs on
DIR/mnt through the booster (BOOSTER_STATS shows boosted I/O) and without it, on a unix socket
(short-circuit: the brick lends its descriptors) and on TCP; up twice is safe; down unmounts and stops the brick; --delete forgets the volume
but keeps the data."""

import subprocess

import pytest

from conftest import is_mounted
from preload_support import Booster, plain
from volume_support import needs_bricks, store  # noqa: F401 (fixture)

pytestmark = needs_bricks

SQL = ("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);"
       "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
       " INSERT INTO t(v) SELECT printf('row-%05d', i) FROM n;")


@pytest.fixture
def updir(store, workdir):
    d = workdir / "demo"
    yield d
    store.booster("down", d, "--delete", timeout=120)


@pytest.mark.parametrize("transport", ["unix", "tcp"])
def test_up_runs_a_program_through_the_booster_and_plain_then_down(store, workdir, updir, transport):
    r = store.ok("up", updir, "--transport", transport)
    mnt = updir / "mnt"
    assert is_mounted(mnt)
    assert f"run -- sqlite3 {mnt}/db.sqlite" in r.stdout
    assert "LD_PRELOAD=" in r.stdout and "libbooster.so" in r.stdout
    assert f"down {updir}" in r.stdout

    boosted = Booster(workdir).run(["sqlite3", str(mnt / "db.sqlite"), SQL]).check()
    assert boosted.boosted("pwrite", "pwrite64", "write") > 0, dict(boosted.stats)
    assert boosted.boosted("pread", "pread64", "read") > 0, dict(boosted.stats)
    # up's own unix volume reads and writes through the brick's lent descriptors.
    brick_log = (store.volume_dir("demo") / "brick0.log").read_text()
    assert ("short-circuit I/O" in brick_log) == (transport == "unix"), brick_log[-2000:]

    seen = plain(["sqlite3", str(mnt / "db.sqlite"), "SELECT count(*), max(v) FROM t;"])
    assert seen.returncode == 0 and seen.stdout.strip() == "2000|row-02000", seen.stdout + seen.stderr
    (mnt / "plain.txt").write_text("through FUSE")
    assert (updir / "brick" / "plain.txt").read_text() == "through FUSE"

    down = store.ok("down", updir)
    assert not is_mounted(mnt)
    assert store.booster("volume", "status", "demo").returncode == 1  # the brick is stopped
    assert (updir / "brick" / "db.sqlite").stat().st_size > 0


def test_up_twice_says_already_up(store, updir):
    store.ok("up", updir)
    pid = store.pid("demo")
    again = store.ok("up", updir)
    assert "already up" in again.stdout and "already running" in again.stdout
    assert store.pid("demo") == pid and is_mounted(updir / "mnt")


def test_up_after_down_reuses_the_volume_and_down_delete_keeps_the_data(store, updir):
    store.ok("up", updir)
    (updir / "mnt" / "f").write_text("kept")
    store.ok("down", updir)
    r = store.ok("up", updir)
    assert "created" not in r.stdout and "started" in r.stdout
    assert (updir / "mnt" / "f").read_text() == "kept"
    d = store.ok("down", updir, "--delete")
    assert "deleted" in d.stdout
    assert not store.volume_dir("demo").exists()
    assert (updir / "brick" / "f").read_text() == "kept"


def test_up_refuses_a_name_taken_by_another_volume(store, workdir, updir):
    other = workdir / "elsewhere"
    other.mkdir()
    store.ok("volume", "create", "demo", other)
    r = store.booster("up", updir)
    assert r.returncode == 1 and "already exists with other bricks" in r.stderr and "--name" in r.stderr
    assert not is_mounted(updir / "mnt")


def test_down_with_nothing_up_is_an_error(store, workdir):
    r = store.booster("down", workdir / "nothing")
    assert r.returncode == 1 and "nothing is up" in r.stderr
