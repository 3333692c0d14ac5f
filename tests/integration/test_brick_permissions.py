"""A brick enforces file permissions for the peers it pins: a program of an ordinary user
(uid 1000) that talks to a `booster brick` daemon's unix socket directly (brick_fop_driver, the
in-process client; no kernel checks anything on that path) gets exactly the outcome, success or
errno, that the same operation gets from the kernel on a native directory with the same modes
and owners: it cannot open root's files for writing, truncate, chmod, chown or unlink them, nor
add or remove names in root's directories, while what it owns works. A FUSE mount of the same
brick (a root daemon) used as uid 1000 behaves as before."""

import os
import subprocess
import textwrap
from pathlib import Path

import pytest

from brick import Brick, client_volfile_text
from conftest import SOURCE_DIR, outcome

USER = 1000
DRIVER = Path(os.environ.get("BOOSTER_FOP_DRIVER") or SOURCE_DIR / "build/release/tests/brick_fop_driver")

# (path, mode, owner uid, kind): the tree both sides start from.
TREE = [
    ("/rootdir", 0o755, 0, "dir"),
    ("/rootdir/f644", 0o644, 0, "file"),
    ("/rootdir/f600", 0o600, 0, "file"),
    ("/rootdir/mine", 0o644, USER, "file"),
    ("/private", 0o700, 0, "dir"),
    ("/private/f644", 0o644, 0, "file"),
    ("/open", 0o777, 0, "dir"),
    ("/open/f644", 0o644, 0, "file"),
    ("/open/mine", 0o644, USER, "file"),
    ("/open/sub", 0o755, 0, "dir"),
    ("/sticky", 0o1777, 0, "dir"),
    ("/sticky/f666", 0o666, 0, "file"),
    ("/sticky/mine", 0o644, USER, "file"),
    ("/mydir", 0o755, USER, "dir"),
]

COMMANDS = [
    # open and create
    "open /rootdir/f644 r", "open /rootdir/f644 w", "open /rootdir/f644 rw", "open /rootdir/f644 wt",
    "open /rootdir/f644 rt", "open /rootdir/f600 r", "open /rootdir/mine rw", "open /rootdir/mine wt",
    "open /private/f644 r", "open /open/f644 w",
    "create /rootdir/new", "create /open/new", "create /private/new", "create /mydir/new",
    # setattr
    "truncate /rootdir/f644 0", "truncate /rootdir/mine 1", "chmod /rootdir/f644 777", "chmod /rootdir/mine 600",
    "chown /rootdir/mine 0 0", "chown /rootdir/f644 1000 1000", "touch /rootdir/f644", "touch /sticky/f666",
    "utimes /sticky/f666", "utimes /rootdir/mine", "setxattr /rootdir/f644 user.x", "setxattr /rootdir/mine user.x",
    # names
    "unlink /rootdir/f644", "unlink /rootdir/mine", "unlink /open/f644", "unlink /sticky/f666", "unlink /sticky/mine",
    "mkdir /rootdir/d", "mkdir /open/d", "rmdir /open/sub", "rmdir /open/d",
    "rename /rootdir/f600 /open/stolen", "rename /open/mine /open/renamed", "rename /open/sub /mydir/sub",
    "link /rootdir/f644 /open/hard", "link /open/renamed /open/hard2",
    "symlink /etc /rootdir/sym", "symlink /etc /open/sym", "opendir /private", "opendir /rootdir",
]

# The native side: the same commands done by the kernel, as uid 1000, under argv[1].
NATIVE = textwrap.dedent("""
    import errno, os, sys
    root = sys.argv[1]
    FLAGS = {"r": os.O_RDONLY, "w": os.O_WRONLY, "rw": os.O_RDWR, "rt": os.O_RDONLY | os.O_TRUNC,
             "wt": os.O_WRONLY | os.O_TRUNC}
    OPS = {
        "open": lambda p, m: os.close(os.open(p, FLAGS[m])),
        "create": lambda p: os.close(os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)),
        "truncate": lambda p, n: os.truncate(p, int(n)),
        "chmod": lambda p, m: os.chmod(p, int(m, 8), follow_symlinks=False),
        "chown": lambda p, u, g: os.chown(p, int(u), int(g), follow_symlinks=False),
        "touch": lambda p: os.utime(p, follow_symlinks=False),
        "utimes": lambda p: os.utime(p, (1000000000, 1000000000), follow_symlinks=False),
        "setxattr": lambda p, n: os.setxattr(p, n, b"v", follow_symlinks=False),
        "unlink": os.unlink, "rmdir": os.rmdir, "mkdir": lambda p: os.mkdir(p, 0o755),
        "rename": os.rename, "link": lambda a, b: os.link(a, b, follow_symlinks=False),
        "symlink": lambda target, p: os.symlink(target, p),
        "opendir": lambda p: os.close(os.open(p, os.O_RDONLY | os.O_DIRECTORY)),
    }
    for line in sys.stdin:
        op, *args = line.split()
        if op == "symlink":
            args = [args[0], root + args[1]]
        else:
            args = [root + a if a.startswith("/") else a for a in args]
        try:
            OPS[op](*args)
            print("ok", flush=True)
        except OSError as e:
            print(errno.errorcode[e.errno], flush=True)
    """)


def make_tree(root: Path):
    for path, mode, uid, kind in TREE:
        p = root / path.lstrip("/")
        if kind == "dir":
            p.mkdir()
        else:
            p.write_bytes(b"data of " + path.encode())
        os.chown(p, uid, uid)
        p.chmod(mode)


def as_user(argv, commands):
    done = subprocess.run(argv, input="\n".join(commands) + "\n", capture_output=True, text=True, timeout=300,
                          user=USER, group=USER, extra_groups=[], cwd="/")
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.fixture
def brick(workdir):
    # uid 1000 must reach the socket, the client volfile and the native tree.
    workdir.chmod(0o755)
    workdir.parent.chmod(0o755)
    brick = Brick(workdir / "shared", server_options={"auth-allow-uid": f"0,{USER}"}).start()
    try:
        brick.workdir.chmod(0o755)
        brick.socket.chmod(0o777)
        yield brick
    finally:
        assert brick.stop(), f"SIGTERM did not end the brick:\n{brick.diagnostics()}"


def direct_client(workdir, brick):
    volfile = workdir / "client.vol"
    volfile.write_text(client_volfile_text(brick))
    return [str(DRIVER), str(volfile)]


def native_tree(workdir):
    native = workdir / "native"
    native.mkdir(mode=0o755)
    make_tree(native)
    return native


def test_a_pinned_peer_gets_what_the_kernel_gives_the_same_user(workdir, brick):
    native = native_tree(workdir)
    make_tree(brick.directory)
    on_brick = as_user(direct_client(workdir, brick), COMMANDS)
    on_native = as_user(["/usr/bin/python3", "-c", NATIVE, str(native)], COMMANDS)
    assert brick.log_lines(f"connected from uid {USER}"), brick.diagnostics()
    mismatches = [(c, n, b) for c, n, b in zip(COMMANDS, on_native, on_brick) if n != b]
    assert not mismatches, "(command, native, brick): " + repr(mismatches)
    assert len(on_brick) == len(COMMANDS)


def test_root_files_are_untouched_by_a_pinned_peer(workdir, brick):
    make_tree(brick.directory)
    attacks = ["open /rootdir/f644 wt", "truncate /rootdir/f600 0", "chmod /rootdir/f600 666",
               "chown /rootdir/f600 1000 1000", "unlink /rootdir/f644", "rename /rootdir/f600 /open/stolen"]
    assert as_user(direct_client(workdir, brick), attacks) == ["EACCES", "EACCES", "EPERM", "EPERM", "EACCES",
                                                               "EACCES"]
    for name in ("f644", "f600"):
        path = brick.directory / "rootdir" / name
        assert path.read_bytes() == b"data of /rootdir/" + name.encode()
        st = path.stat()
        assert (st.st_uid, st.st_mode & 0o7777) == (0, 0o644 if name == "f644" else 0o600)


def test_a_pinned_peer_works_on_what_it_owns(workdir, brick):
    make_tree(brick.directory)
    mine = ["open /rootdir/mine rw", "create /mydir/f", "open /mydir/f wt", "truncate /mydir/f 5", "chmod /mydir/f 600",
            "touch /mydir/f", "utimes /mydir/f", "setxattr /mydir/f user.x", "rename /mydir/f /mydir/g",
            "unlink /mydir/g", "mkdir /mydir/d", "rmdir /mydir/d"]
    assert as_user(direct_client(workdir, brick), mine) == ["ok"] * len(mine)


# The same kind of operations through a FUSE mount of the brick (a root daemon: the kernel
# checks uid 1000 with default_permissions, and the brick serves the daemon's requests as sent).
MOUNTED = textwrap.dedent("""
    import errno, os, sys
    root = sys.argv[1]
    def attempt(op):
        try:
            op()
            return "ok"
        except OSError as e:
            return errno.errorcode[e.errno]
    print(attempt(lambda: os.close(os.open(root + "/rootdir/f644", os.O_WRONLY))))
    print(attempt(lambda: os.chmod(root + "/rootdir/f644", 0o777)))
    print(attempt(lambda: os.unlink(root + "/rootdir/f644")))
    print(attempt(lambda: os.close(os.open(root + "/open/made", os.O_WRONLY | os.O_CREAT, 0o600))))
    print(attempt(lambda: os.chmod(root + "/open/made", 0o644)))
    """)


def test_a_fuse_mount_of_the_brick_used_as_uid_1000_behaves_as_before(workdir, brick, make_mount):
    make_tree(brick.directory)
    mount = make_mount(options=("allow_other",), shared_brick=brick)
    mount.workdir.chmod(0o755)
    native = native_tree(workdir)
    outcomes = [as_user(["/usr/bin/python3", "-c", MOUNTED, str(root)], []) for root in (native, mount.path)]
    assert outcomes[0] == outcomes[1] == ["EACCES", "EPERM", "EACCES", "ok", "ok"]
    made = os.stat(mount.path / "open" / "made")
    assert (made.st_uid, made.st_mode & 0o777) == (USER, 0o644)
    assert outcome(os.stat, brick.directory / "rootdir" / "f644")[0] == "ok"
