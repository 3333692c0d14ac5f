"""The namespace through the mount: mkdir, rmdir, unlink, rename, link, symlink/readlink, mkfifo
and directory listings, each compared (result and errno) with a native directory. After each
scenario the whole tree must look the same on both sides."""

import os
import stat

from conftest import attrs, err, ok, tree


def populate(d):
    """A small tree every rename/remove scenario starts from."""
    (d / "a").mkdir()
    (d / "a" / "f1").write_bytes(b"one")
    (d / "a" / "f2").write_bytes(b"two")
    (d / "b").mkdir()
    (d / "b" / "g").write_bytes(b"gee")
    (d / "empty").mkdir()
    (d / "full").mkdir()
    (d / "full" / "sub").mkdir()
    (d / "full" / "sub" / "deep").write_bytes(b"deep")
    (d / "top").write_bytes(b"top file")


def same_tree(pair):
    assert tree(pair.mnt) == tree(pair.native)


def test_mkdir(pair):
    assert pair.same(lambda d: (os.mkdir(d / "d", 0o750), attrs(d / "d"))[1])[0] == "ok"
    assert pair.same(lambda d: os.mkdir(d / "d")) == err("EEXIST")
    assert pair.same(lambda d: os.mkdir(d / "missing" / "d")) == err("ENOENT")
    assert pair.same(lambda d: os.makedirs(d / "x" / "y" / "z")) == ok()
    # A new subdirectory bumps its parent's link count.
    assert pair.same(lambda d: os.stat(d / "x").st_nlink) == ok(3)
    same_tree(pair)


def test_rmdir(pair):
    pair.same(populate)
    assert pair.same(lambda d: os.rmdir(d / "full")) == err("ENOTEMPTY")
    assert pair.same(lambda d: os.rmdir(d / "top")) == err("ENOTDIR")
    assert pair.same(lambda d: os.rmdir(d / "missing")) == err("ENOENT")
    assert pair.same(lambda d: os.rmdir(d / "empty")) == ok()
    assert pair.same(lambda d: os.path.lexists(d / "empty")) == ok(False)
    same_tree(pair)


def test_unlink(pair):
    pair.same(populate)
    assert pair.same(lambda d: os.unlink(d / "a" / "f1")) == ok()
    assert pair.same(lambda d: os.unlink(d / "a" / "f1")) == err("ENOENT")
    assert pair.same(lambda d: os.unlink(d / "b")) == err("EISDIR")
    same_tree(pair)


def test_rename_file_within_directory(pair):
    pair.same(populate)
    assert pair.same(lambda d: os.rename(d / "a" / "f1", d / "a" / "renamed")) == ok()
    assert pair.same(lambda d: (d / "a" / "renamed").read_bytes()) == ok(b"one")
    assert pair.same(lambda d: os.stat(d / "a" / "f1")) == err("ENOENT")
    same_tree(pair)


def test_rename_file_across_directories(pair):
    pair.same(populate)
    assert pair.same(lambda d: os.rename(d / "a" / "f1", d / "b" / "moved")) == ok()
    assert pair.same(lambda d: sorted(os.listdir(d / "a"))) == ok(["f2"])
    assert pair.same(lambda d: sorted(os.listdir(d / "b"))) == ok(["g", "moved"])
    same_tree(pair)


def test_rename_file_over_existing_file(pair):
    pair.same(populate)

    def scenario(d):
        fd = os.open(d / "b" / "g", os.O_RDONLY)  # the replaced file stays readable while open
        try:
            os.rename(d / "a" / "f1", d / "b" / "g")
            return os.pread(fd, 10, 0), (d / "b" / "g").read_bytes()
        finally:
            os.close(fd)

    assert pair.same(scenario) == ok((b"gee", b"one"))
    same_tree(pair)


def test_rename_directories(pair):
    pair.same(populate)
    # within a directory, across directories, over an empty directory
    assert pair.same(lambda d: os.rename(d / "a", d / "a2")) == ok()
    assert pair.same(lambda d: os.rename(d / "a2", d / "full" / "a3")) == ok()
    assert pair.same(lambda d: (d / "full" / "a3" / "f2").read_bytes()) == ok(b"two")
    assert pair.same(lambda d: os.rename(d / "b", d / "empty")) == ok()
    assert pair.same(lambda d: sorted(os.listdir(d / "empty"))) == ok(["g"])
    same_tree(pair)


def test_rename_errors(pair):
    pair.same(populate)
    assert pair.same(lambda d: os.rename(d / "b", d / "full")) == err("ENOTEMPTY")
    assert pair.same(lambda d: os.rename(d / "top", d / "b")) == err("EISDIR")
    assert pair.same(lambda d: os.rename(d / "b", d / "top")) == err("ENOTDIR")
    assert pair.same(lambda d: os.rename(d / "full", d / "full" / "sub" / "x")) == err("EINVAL")
    assert pair.same(lambda d: os.rename(d / "missing", d / "x")) == err("ENOENT")
    same_tree(pair)


def test_rename_onto_itself_and_hard_link_is_a_no_op(pair):
    pair.same(populate)
    assert pair.same(lambda d: os.rename(d / "top", d / "top")) == ok()
    assert pair.same(lambda d: os.link(d / "top", d / "alias")) == ok()
    # rename(2): if old and new are links to the same file, nothing happens.
    assert pair.same(lambda d: os.rename(d / "top", d / "alias")) == ok()
    assert pair.same(lambda d: sorted(os.listdir(d))) == ok(
        ["a", "alias", "b", "empty", "full", "top"])
    same_tree(pair)


def test_hard_link(pair):
    pair.same(populate)

    def scenario(d):
        os.link(d / "top", d / "a" / "hard")
        same_inode = os.stat(d / "top").st_ino == os.stat(d / "a" / "hard").st_ino
        with open(d / "a" / "hard", "ab") as f:  # a write through one name shows in the other
            f.write(b"+")
        return same_inode, os.stat(d / "top").st_nlink, (d / "top").read_bytes()

    assert pair.same(scenario) == ok((True, 2, b"top file+"))
    assert pair.same(lambda d: os.link(d / "top", d / "b" / "g")) == err("EEXIST")
    assert pair.same(lambda d: os.link(d / "a", d / "dirlink")) == err("EPERM")
    assert pair.same(lambda d: os.link(d / "missing", d / "x")) == err("ENOENT")
    assert pair.same(lambda d: (os.unlink(d / "top"), os.stat(d / "a" / "hard").st_nlink)[1]) \
        == ok(1)
    same_tree(pair)


def test_symlink_and_readlink(pair):
    pair.same(populate)
    assert pair.same(lambda d: os.symlink("a/f1", d / "rel")) == ok()
    assert pair.same(lambda d: os.symlink("no/such/target", d / "dangling")) == ok()
    assert pair.same(lambda d: os.symlink("x" * 1000, d / "long")) == ok()
    assert pair.same(lambda d: os.readlink(d / "rel")) == ok("a/f1")
    assert pair.same(lambda d: os.readlink(d / "long")) == ok("x" * 1000)
    assert pair.same(lambda d: (d / "rel").read_bytes()) == ok(b"one")
    assert pair.same(lambda d: stat.S_ISLNK(os.lstat(d / "rel").st_mode)) == ok(True)
    assert pair.same(lambda d: os.lstat(d / "rel").st_size) == ok(4)
    assert pair.same(lambda d: os.stat(d / "dangling")) == err("ENOENT")
    assert pair.same(lambda d: os.readlink(d / "top")) == err("EINVAL")
    assert pair.same(lambda d: os.symlink("x", d / "top")) == err("EEXIST")
    # Traversal through a symlink to a directory.
    assert pair.same(lambda d: (os.symlink("full/sub", d / "sub"), (d / "sub" / "deep")
                                .read_bytes())[1]) == ok(b"deep")
    same_tree(pair)


def test_mkfifo(pair):
    assert pair.same(lambda d: (os.mkfifo(d / "fifo", 0o600),
                                stat.S_ISFIFO(os.lstat(d / "fifo").st_mode))[1]) == ok(True)
    assert pair.same(lambda d: os.mkfifo(d / "fifo")) == err("EEXIST")
    same_tree(pair)


def test_listing_reports_names_and_types(pair):
    pair.same(populate)
    for d in pair.roots():
        os.symlink("top", d / "link")
        os.mkfifo(d / "pipe")

    def listing(d):
        with os.scandir(d) as it:
            return sorted((e.name, e.is_dir(follow_symlinks=False), e.is_file(follow_symlinks=False),
                           e.is_symlink()) for e in it)

    assert pair.same(listing)[0] == "ok"
    assert pair.same(lambda d: sorted(os.listdir(d / "full" / "sub"))) == ok(["deep"])
    assert pair.same(lambda d: os.listdir(d / "top")) == err("ENOTDIR")
