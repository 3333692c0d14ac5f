"""Extended attributes (user.*) through the mount, compared with a native directory; the
mount's own keys (gfid, booster.*) must not appear in listxattr."""

import errno
import os
import struct
import subprocess

import pytest

from conftest import err, ok

BINARY = bytes(range(256)) * 4  # 1 KiB with every byte value, NULs included


def make(d):
    (d / "f").write_bytes(b"data")
    (d / "dir").mkdir()
    os.symlink("f", d / "link")


def test_set_get_list_remove(pair):
    pair.same(make)

    def scenario(d):
        os.setxattr(d / "f", "user.color", b"blue")
        os.setxattr(d / "f", "user.binary", BINARY)
        os.setxattr(d / "f", "user.empty", b"")
        got = (os.getxattr(d / "f", "user.color"), os.getxattr(d / "f", "user.binary"),
               os.getxattr(d / "f", "user.empty"))
        listed = sorted(os.listxattr(d / "f"))
        os.removexattr(d / "f", "user.color")
        return got, listed, sorted(os.listxattr(d / "f"))

    assert pair.same(scenario) == ok(((b"blue", BINARY, b""),
                                      ["user.binary", "user.color", "user.empty"],
                                      ["user.binary", "user.empty"]))


def test_listxattr_of_fresh_objects_is_empty(pair):
    # Whatever the brick stores per object (its gfid) stays hidden behind the mount.
    pair.same(make)
    for name in ("f", "dir"):
        assert pair.same(lambda d: os.listxattr(d / name)) == ok([])
    assert pair.same(lambda d: os.listxattr(d)) == ok([])


def test_create_and_replace_flags(pair):
    pair.same(make)
    assert pair.same(lambda d: os.setxattr(d / "f", "user.k", b"1", os.XATTR_CREATE)) == ok()
    assert pair.same(lambda d: os.setxattr(d / "f", "user.k", b"2", os.XATTR_CREATE)) \
        == err("EEXIST")
    assert pair.same(lambda d: os.setxattr(d / "f", "user.k", b"3", os.XATTR_REPLACE)) == ok()
    assert pair.same(lambda d: os.setxattr(d / "f", "user.nope", b"x", os.XATTR_REPLACE)) \
        == err("ENODATA")
    assert pair.same(lambda d: os.getxattr(d / "f", "user.k")) == ok(b"3")


def test_missing_attribute_and_missing_file(pair):
    pair.same(make)
    assert pair.same(lambda d: os.getxattr(d / "f", "user.absent")) == err("ENODATA")
    assert pair.same(lambda d: os.removexattr(d / "f", "user.absent")) == err("ENODATA")
    assert pair.same(lambda d: os.getxattr(d / "missing", "user.k")) == err("ENOENT")
    assert pair.same(lambda d: os.setxattr(d / "f", "unknownns.k", b"v")) == err("EOPNOTSUPP")


def test_xattrs_on_directories_and_symlinks(pair):
    pair.same(make)
    assert pair.same(lambda d: (os.setxattr(d / "dir", "user.d", b"dirval"),
                                os.getxattr(d / "dir", "user.d"))[1]) == ok(b"dirval")
    # Following the link sets the target's attribute; user.* on the link itself is refused.
    assert pair.same(lambda d: (os.setxattr(d / "link", "user.t", b"via link"),
                                os.getxattr(d / "f", "user.t"))[1]) == ok(b"via link")
    assert pair.same(lambda d: os.setxattr(d / "link", "user.t", b"x", follow_symlinks=False)) \
        == err("EPERM")


def test_xattr_on_open_fd(pair):
    def scenario(d):
        fd = os.open(d / "g", os.O_CREAT | os.O_RDWR, 0o644)
        try:
            os.setxattr(fd, "user.fd", b"by fd")
            return os.getxattr(fd, "user.fd"), os.listxattr(fd)
        finally:
            os.close(fd)

    assert pair.same(scenario) == ok((b"by fd", ["user.fd"]))


def test_getfattr_and_setfattr_programs(pair):
    # The attr package's tools, as a user would run them.
    def scenario(d):
        subprocess.run(["setfattr", "-n", "user.tool", "-v", "hello", str(d / "f")], check=True)
        r = subprocess.run(["getfattr", "--absolute-names", "-d", str(d / "f")],
                           capture_output=True, text=True, check=True)
        return [line for line in r.stdout.splitlines() if line.startswith("user.")]

    pair.same(make)
    assert pair.same(scenario) == ok(['user.tool="hello"'])


UNSUPPORTED = ("system.posix_acl_access", "system.posix_acl_default", "security.selinux")
# user::rw- group::r-- other::r-- in the kernel's xattr form (version 2, then tag, perm, id).
ACL = struct.pack("<I" + "HHI" * 3, 2, 0x01, 6, 0xFFFFFFFF, 0x04, 4, 0xFFFFFFFF, 0x20, 4, 0xFFFFFFFF)


def refused(call):
    try:
        call()
    except OSError as e:
        return e.errno == errno.EOPNOTSUPP
    return False


def test_acl_and_selinux_attributes_are_refused_as_unsupported(mnt):
    # The volume implements neither POSIX ACLs nor SELinux labels (core/fuse/unsupported_xattrs.hpp):
    # "not supported", as on a file system without them, never stored or answered ENODATA.
    f, d = mnt.path / "f", mnt.path / "dir"
    f.write_bytes(b"data")
    d.mkdir()
    for obj in (f, d):
        for name in UNSUPPORTED:
            assert refused(lambda: os.getxattr(obj, name)), (obj, name)
            if obj == f and name == "system.posix_acl_default":
                continue  # the kernel itself answers a default ACL's change on a file
            assert refused(lambda: os.setxattr(obj, name, ACL)), (obj, name)
            assert refused(lambda: os.removexattr(obj, name)), (obj, name)
    os.setxattr(f, "user.still", b"fine")  # other names as before
    assert os.getxattr(f, "user.still") == b"fine"
    assert os.listxattr(f) == ["user.still"]


def test_a_label_set_on_the_brick_stays_hidden(make_mount):
    m = make_mount()
    (m.path / "f").write_bytes(b"data")
    os.setxattr(m.brick / "f", "security.selinux", b"system_u:object_r:x_t:s0")  # as root, natively
    assert "security.selinux" not in os.listxattr(m.path / "f")
    with pytest.raises(OSError) as e:
        os.getxattr(m.path / "f", "security.selinux")
    assert e.value.errno == errno.EOPNOTSUPP


def test_ls_l_stops_asking_for_acls_and_labels_after_the_first_file(make_mount):
    # coreutils remembers a device that answered "not supported": `ls -l` of N files then asks
    # the mount for no attribute of each file (it asked 2 per file while the mount said ENODATA).
    m = make_mount()
    d = m.path / "d"
    d.mkdir()
    for i in range(200):
        (d / f"f{i:03d}").write_bytes(b"x")
    trace = m.workdir / "ls.strace"
    out = subprocess.run(["strace", "-f", "-o", str(trace), "-e", "trace=getxattr,lgetxattr", "ls", "-l", str(d)],
                         capture_output=True, text=True, check=True).stdout
    assert len([line for line in out.splitlines() if line.startswith("-rw-")]) == 200
    asked = [line for line in trace.read_text().splitlines() if "getxattr(" in line]
    assert 1 <= len(asked) <= 2 * len(UNSUPPORTED), asked
