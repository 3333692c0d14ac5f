"""One volume over two bricks with cluster/distribute: `booster volume create` with two bricks,
`volume start`, a FUSE mount of its client graph, and real programs on it. Files land on one
brick each (checked in the brick directories), directories on both, every name is listed
once, a rename whose new name hashes to the other brick keeps the data where it is and leaves a
linkfile there, and a boosted program reads and writes through the distributed graph."""

import os
import stat
import subprocess

import pytest

from preload_support import Booster
from volume_support import brick_dir, needs_bricks, store  # noqa: F401 (fixture)

pytestmark = needs_bricks

FILES = 40
LINKTO = "trusted.glusterfs.dht.linkto"


@pytest.fixture
def volume(store, workdir):
    bricks = [brick_dir(workdir, f"brick{i}") for i in range(2)]
    store.ok("volume", "create", "dv", *bricks)
    store.ok("volume", "start", "dv")
    mnt = workdir / "mnt"
    mnt.mkdir()
    store.ok("mount", "-o", f"log-file={workdir / 'mount.log'}", store.volume_dir("dv") / "dv.client.vol", mnt)
    return mnt, bricks


def data_names(brick, sub=""):
    """Regular files of a brick directory that are not linkfiles."""
    d = brick / sub
    return {n for n in os.listdir(d) if n != ".booster" and stat.S_ISREG(os.lstat(d / n).st_mode)
            and not is_linkfile(d / n)}


def is_linkfile(path):
    st = os.lstat(path)
    return stat.S_IMODE(st.st_mode) == stat.S_ISVTX and st.st_size == 0 and LINKTO in os.listxattr(path)


def test_files_spread_over_both_bricks_and_are_listed_once(volume):
    mnt, bricks = volume
    for i in range(FILES):
        (mnt / f"file-{i}").write_text(f"content {i}\n")
    (mnt / "dir").mkdir()
    on = [data_names(b) for b in bricks]
    assert on[0] and on[1], on
    assert not on[0] & on[1]
    assert on[0] | on[1] == {f"file-{i}" for i in range(FILES)}
    assert all((b / "dir").is_dir() for b in bricks)
    assert os.getxattr(bricks[0] / "dir", "trusted.booster.gfid") == os.getxattr(bricks[1] / "dir",
                                                                                 "trusted.booster.gfid")
    listed = os.listdir(mnt)
    assert len(listed) == len(set(listed)) == FILES + 1
    assert all((mnt / f"file-{i}").read_text() == f"content {i}\n" for i in range(FILES))
    assert "trusted.glusterfs.dht" not in os.listxattr(mnt / "dir")


def test_cp_tar_ls_and_rm_on_a_tree(volume, workdir):
    mnt, bricks = volume
    src = workdir / "src"
    for d in ("a", "a/b", "c"):
        (src / d).mkdir(parents=True)
    for i in range(30):
        (src / ("a/b" if i % 3 == 0 else "a" if i % 3 == 1 else "c") / f"f{i}").write_bytes(os.urandom(i * 100))
    subprocess.run(["cp", "-r", str(src), str(mnt / "tree")], check=True)
    assert subprocess.run(["diff", "-r", str(src), str(mnt / "tree")]).returncode == 0
    subprocess.run(["tar", "-C", str(mnt), "-cf", str(workdir / "t.tar"), "tree"], check=True)
    (workdir / "untar").mkdir()
    subprocess.run(["tar", "-C", str(workdir / "untar"), "-xf", str(workdir / "t.tar")], check=True)
    assert subprocess.run(["diff", "-r", str(src), str(workdir / "untar" / "tree")]).returncode == 0
    ls = subprocess.run(["ls", "-lR", str(mnt / "tree")], check=True, capture_output=True, text=True).stdout
    assert ls.count(" f") == 30
    subprocess.run(["rm", "-r", str(mnt / "tree")], check=True)
    assert os.listdir(mnt) == []
    assert all(not (b / "tree").exists() for b in bricks)


def test_mv_to_a_name_on_the_other_brick_keeps_the_data_and_leaves_a_linkfile(volume):
    mnt, bricks = volume
    payload = os.urandom(100_000)
    (mnt / "before").write_bytes(payload)
    home = next(i for i, b in enumerate(bricks) if "before" in data_names(b))
    other = 1 - home
    # A new name that hashes to the other brick: found by creating and removing probes.
    target = None
    for i in range(200):
        probe = mnt / f"probe-{i}"
        probe.write_bytes(b"")
        lands = "probe-" + str(i) in data_names(bricks[other])
        probe.unlink()
        if lands:
            target = f"probe-{i}"
            break
    assert target is not None
    subprocess.run(["mv", str(mnt / "before"), str(mnt / target)], check=True)
    assert (mnt / target).read_bytes() == payload
    assert not (mnt / "before").exists()
    assert (bricks[home] / target).read_bytes() == payload
    assert is_linkfile(bricks[other] / target)
    assert os.listdir(mnt) == [target]
    os.unlink(mnt / target)
    assert not (bricks[home] / target).exists() and not (bricks[other] / target).exists()


def test_a_boosted_program_writes_and_reads_through_the_distributed_graph(volume, workdir):
    mnt, bricks = volume
    payload = os.urandom(2 << 20)
    (workdir / "payload").write_bytes(payload)
    booster = Booster(workdir)
    for i in range(4):
        cp = booster.run(["cp", str(workdir / "payload"), str(mnt / f"copy-{i}")]).check()
        assert cp.boosted("write") > 0, dict(cp.stats)
    back = booster.run(["cat", str(mnt / "copy-3")], text=False).check()
    assert back.boosted("read") > 0, dict(back.stats)
    assert back.stdout == payload
    on = [data_names(b) for b in bricks]
    assert on[0] | on[1] == {f"copy-{i}" for i in range(4)}
    assert all((mnt / f"copy-{i}").read_bytes() == payload for i in range(4))
