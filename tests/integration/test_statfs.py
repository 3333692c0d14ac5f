"""statfs through the mount reports the brick's file system."""

import os
import subprocess


def test_statvfs_matches_the_brick_file_system(mnt):
    m = os.statvfs(mnt.path)
    b = os.statvfs(mnt.brick)
    assert m.f_bsize > 0 and m.f_frsize > 0
    assert m.f_blocks > 0 and m.f_files > 0
    assert m.f_bfree <= m.f_blocks and m.f_bavail <= m.f_bfree
    assert m.f_ffree <= m.f_files
    assert m.f_namemax == b.f_namemax
    # Same totals as the brick, in bytes (a bridge may report another block size).
    assert m.f_blocks * m.f_frsize == b.f_blocks * b.f_frsize
    assert m.f_files == b.f_files
    # Free space moves with the brick: other processes write too, so compare within 1 GiB.
    assert abs(m.f_bavail * m.f_frsize - b.f_bavail * b.f_frsize) < (1 << 30)


def test_statvfs_of_a_subdirectory_and_df(mnt):
    (mnt.path / "sub").mkdir()
    assert os.statvfs(mnt.path / "sub").f_blocks == os.statvfs(mnt.path).f_blocks
    # df(1) reads the same call and must show the mount.
    r = subprocess.run(["df", "-P", str(mnt.path)], capture_output=True, text=True, check=True)
    assert r.stdout.splitlines()[-1].split()[-1] == str(mnt.path)
