"""Shared fixtures of the integration tests.

Every test that touches a volume gets a fresh brick directory, a volfile on top of it, a real
FUSE mount by the built `booster`, and a native directory on the same file system to compare
against (`pair`). The `mnt` fixture is parametrized over graphs, so each test also runs with
debug/io-stats and with debug/async (every fop completed on a foreign thread) in the stack.

Clean-up is unconditional: a mount is unmounted (`booster umount`, then `fusermount3 -u -z`) and
the daemon the fixture started is ended, also when the test failed. Each session works under
its own /tmp/booster-it-* directory holding its pid; a session that was killed outright (timeout,
^C twice) is cleaned up by the next one.
"""

import errno
import hashlib
import os
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

SOURCE_DIR = Path(os.environ.get("BOOSTER_SOURCE_DIR") or Path(__file__).resolve().parents[2])
BOOSTER = Path(os.environ.get("BOOSTER_BIN") or SOURCE_DIR / "build/release/booster")
SESSION_PREFIX = "booster-it-"
MOUNT_TIMEOUT = 20  # seconds for `booster mount` to come up; generous for a loaded 2-core CI

# The graphs every mount-based test runs on: (id, translators stacked on storage/posix, bottom
# first). debug/async sits under io-stats so that io-stats sees completions on foreign threads.
GRAPHS = {
    "posix": [],
    "posix+io-stats": [("debug/io-stats", {})],
    "posix+async+io-stats": [("debug/async", {}), ("debug/io-stats", {})],
    "posix+async+write-behind": [("debug/async", {}), ("performance/write-behind", {})],
}
# The same tests on a volume served by a `booster brick` daemon (brick.py): the mount's
# graph is protocol/client; the brick's is protocol/server over features/locks over posix.
# unix+short-circuit: the brick lends its descriptors, the client reads and writes through them.
BRICK_GRAPHS = {"brick-unix": "unix", "brick-tcp": "tcp", "brick-unix-short-circuit": "unix+short-circuit"}
# The volume `booster up` makes (volume_volfiles.cpp): short-circuit over a unix socket, under
# every performance translator `booster volume create` stacks, bottom first. The mount and the
# booster's engine then both cache attributes and data, and must stay coherent with each other.
DEFAULT_STACK = [("performance/open-behind", {"use-anonymous-fd": "off"}), ("performance/write-behind", {}),
                 ("performance/io-cache", {}), ("performance/md-cache", {}), ("performance/stat-prefetch", {}),
                 ("debug/io-stats", {})]
PRELOAD_VOLUMES = ["local", *BRICK_GRAPHS, "brick-unix-default-stack"]


def make_preload_volume(make_mount, kind):
    """A volume of PRELOAD_VOLUMES, mounted."""
    if kind == "brick-unix-default-stack":
        return make_mount(DEFAULT_STACK, transport="unix+short-circuit")
    return make_mount(transport=BRICK_GRAPHS.get(kind))


# ---------------------------------------------------------------------------------------------
# Outcomes: an operation's result, or the errno it failed with, comparable between two runs.

def ok(value=None):
    return ("ok", value)


def err(name):
    """The outcome of an operation that failed with errno `name` ("ENOENT"). Aliases
    (EOPNOTSUPP = ENOTSUP) compare equal: both become Python's canonical name."""
    return ("error", errno.errorcode[getattr(errno, name)])


def outcome(op, *args):
    try:
        return ok(op(*args))
    except OSError as e:
        return ("error", errno.errorcode.get(e.errno, str(e.errno)))


class Pair:
    """A native directory and a mount: `same(op)` runs op(root) on each and requires equal
    outcomes (the same result, or the same errno). Roots are pathlib.Paths."""

    def __init__(self, native: Path, mount: "Mount"):
        self.native = native
        self.mount = mount
        self.mnt = mount.path

    def same(self, op):
        native = outcome(op, self.native)
        mounted = outcome(op, self.mnt)
        assert mounted == native, f"native gave {native!r}, mount gave {mounted!r}"
        return mounted

    def roots(self):
        return (self.native, self.mnt)


# ---------------------------------------------------------------------------------------------
# Views of files and trees that do not depend on where they live (no inode numbers, devices,
# or times unless asked for).

def sha256_file(path, chunk=1 << 20):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def attrs(path, follow=True):
    """The attributes two copies of the same history must share."""
    st = os.stat(path, follow_symlinks=follow)
    return {
        "type": stat.S_IFMT(st.st_mode),
        "mode": stat.S_IMODE(st.st_mode),
        "nlink": st.st_nlink,
        "uid": st.st_uid,
        "gid": st.st_gid,
        "size": st.st_size if not stat.S_ISDIR(st.st_mode) else None,  # dir sizes are fs-specific
    }


def tree(root):
    """Every entry under root: relative path -> attributes plus content hash / link target."""
    root = Path(root)
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = str(p.relative_to(root))
            a = attrs(p, follow=False)
            if stat.S_ISREG(a["type"]):
                a["sha256"] = sha256_file(p)
            elif stat.S_ISLNK(a["type"]):
                a["target"] = os.readlink(p)
            out[rel] = a
    return out


# ---------------------------------------------------------------------------------------------
# Mount table and process helpers.

def _unescape(field):
    # /proc/self/mountinfo escapes space, tab, newline and backslash as \ooo.
    return field.encode().decode("unicode_escape") if "\\" in field else field


def mount_points():
    with open("/proc/self/mountinfo") as f:
        return [_unescape(line.split()[4]) for line in f]


def is_mounted(path):
    return os.path.realpath(path) in mount_points()


def daemon_pids(mentioning):
    """Pids of booster processes whose command line mentions `mentioning` (a unique temp path)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv and os.path.basename(argv[0]) == b"booster" and any(
                str(mentioning).encode() in a for a in argv[1:]):
            pids.append(int(entry.name))
    return pids


def lazy_unmount(path):
    subprocess.run(["fusermount3", "-u", "-z", str(path)], stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def kill_pids(pids):
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def exited(pid):
    """Gone, or a zombie none of whose threads still runs: only then are its sockets closed (a
    killed leader turns zombie while its other threads are still tearing down, holding a
    brick's port). A zombie counts because this container's init may never reap it."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().split(")")[-1].split()[0]
        return state == "Z" and os.listdir(f"/proc/{pid}/task") == [str(pid)]
    except OSError:
        return True


def gone(pid, seconds=15):
    """Waits until `pid` has exited (at most `seconds`: a bound on waiting, not a timing
    assertion); True if it did."""
    deadline = time.monotonic() + seconds
    while not exited(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def end_process(proc, timeout=20):
    """Kills `proc` if it still runs and reaps it, waiting at most `timeout` seconds: a process
    stuck in a request to a mount that no longer answers is freed by make_mount's teardown,
    which ends the daemon."""
    if proc.poll() is None:
        proc.kill()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        pass


def cleanup_tree(base):
    """Unmount every mount under base, end every booster daemon mentioning it, delete it."""
    base = os.path.realpath(base)
    for mp in mount_points():
        if mp.startswith(base + "/"):
            lazy_unmount(mp)
    kill_pids(daemon_pids(base))
    shutil.rmtree(base, ignore_errors=True)


def run_booster(*args, timeout=60):
    """Runs the booster CLI; returns the CompletedProcess (text) without checking the status."""
    return subprocess.run([str(BOOSTER), *map(str, args)], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout)


# ---------------------------------------------------------------------------------------------
# Volfiles and mounts.

def volume_text(name, xtype, options, subvolumes=()):
    """One `volume ... end-volume` block of a volfile."""
    lines = [f"volume {name}", f"  type {xtype}"]
    lines += [f"  option {k} {v}" for k, v in options.items()]
    if subvolumes:
        lines.append(f"  subvolumes {' '.join(subvolumes)}")
    return "\n".join(lines + ["end-volume", "", ""])


def stacked_volfile_text(name, xtype, options, layers=()):
    """Volume `name` at the bottom, then each (type, {option: value}) of `layers` stacked on top,
    bottom first; the last one is the top of the graph."""
    text = volume_text(name, xtype, options)
    below = name
    for i, (layer_type, layer_options) in enumerate(layers, 1):
        layer = f"{layer_type.split('/')[-1]}-{i}"
        text += volume_text(layer, layer_type, layer_options, [below])
        below = layer
    return text


def volfile_text(brick, layers=()):
    """storage/posix on `brick`, then `layers` stacked on top (stacked_volfile_text)."""
    return stacked_volfile_text("brick", "storage/posix", {"directory": str(brick)}, layers)


class MountError(Exception):
    pass


class Mount:
    """A booster FUSE mount of a fresh brick, run in the foreground (`-f`) as our own child so
    that teardown can always end it. start() returns once the kernel lists the mount. With
    `transport` ("unix" or "tcp") the brick is served by a brick daemon (`self.brick_daemon`),
    started before the mount and ended after it; with `shared_brick` (a started BrickDaemon)
    the mount is one more client of that brick, which it neither starts nor ends; a list of
    shared bricks is one volume over all of them (cluster/distribute)."""

    def __init__(self, workdir: Path, layers=(), options=(), transport=None, shared_brick=None):
        self.workdir = workdir
        self.brick = workdir / "brick"
        self.path = workdir / "mnt"
        self.volfile = workdir / "volume.vol"
        self.log = workdir / "booster.log"
        self.output = workdir / "daemon.out"
        self.options = [f"log-file={self.log}", *options]
        self.proc = None
        self.exit_status = None
        self.brick.mkdir(parents=True)
        self.path.mkdir()
        self.brick_daemon = None
        self.brick_stopped = None
        if isinstance(shared_brick, (list, tuple)):
            from brick import distributed_volfile_text
            self.volfile.write_text(distributed_volfile_text(shared_brick, layers))
        elif shared_brick is not None:
            from brick import client_volfile_text
            self.volfile.write_text(client_volfile_text(shared_brick, layers))
        elif transport is None:
            self.volfile.write_text(volfile_text(self.brick, layers))
        else:
            from brick import Brick, client_volfile_text
            self.brick_daemon = Brick(workdir, transport)
            self.volfile.write_text(client_volfile_text(self.brick_daemon, layers))

    def start(self):
        if self.brick_daemon is not None:
            self.brick_daemon.start()
        with open(self.output, "wb") as out:
            self.proc = subprocess.Popen(
                [str(BOOSTER), "mount", "-f", "-o", ",".join(self.options), str(self.volfile),
                 str(self.path)], stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + MOUNT_TIMEOUT
        while not is_mounted(self.path):
            if self.proc.poll() is not None:
                raise MountError(f"booster mount exited with {self.proc.returncode}:\n"
                                 f"{self.diagnostics()}")
            if time.monotonic() > deadline:
                self.stop()
                raise MountError(f"not mounted after {MOUNT_TIMEOUT}s:\n{self.diagnostics()}")
            time.sleep(0.02)
        return self

    def stop(self):
        """Unmounts and ends the daemon, whatever state they are in. Returns the daemon's exit
        status (negative: killed by that signal)."""
        if is_mounted(self.path):
            try:
                run_booster("umount", self.path, timeout=30)
            except subprocess.TimeoutExpired:
                pass
        if is_mounted(self.path):
            lazy_unmount(self.path)
        if self.proc is not None and self.exit_status is None:
            try:
                self.exit_status = self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                self.exit_status = "killed by the fixture: still running 15s after unmount"
        if self.brick_daemon is not None:
            self.brick_stopped = self.brick_daemon.stop()
        return self.exit_status

    def diagnostics(self, lines=40):
        out = []
        for f in (self.output, self.log):
            if f.exists():
                text = f.read_text(errors="replace").splitlines()[-lines:]
                out.append(f"--- {f.name} (last {len(text)} lines)\n" + "\n".join(text))
        if self.brick_daemon is not None:
            out.append(self.brick_daemon.diagnostics(lines))
        return "\n".join(out) or "(no daemon output)"

    def io_stats(self):
        """The io-stats report (text) read from the mount root."""
        return os.getxattr(self.path, "user.booster.io-stats").decode()


def pytest_sessionstart(session):
    # Clean up after earlier sessions that died before their own clean-up ran.
    for old in Path(tempfile.gettempdir()).glob(SESSION_PREFIX + "*"):
        try:
            owner = int((old / "owner.pid").read_text())
            os.kill(owner, 0)
            continue  # still running: someone else's session
        except (OSError, ValueError):
            cleanup_tree(old)


@pytest.fixture(scope="session")
def session_dir():
    if not BOOSTER.is_file():
        pytest.exit(f"booster binary not found at {BOOSTER}: build it (scripts/test) or set "
                    f"BOOSTER_BIN", returncode=2)
    if not os.access("/dev/fuse", os.R_OK | os.W_OK):
        pytest.exit("/dev/fuse is not accessible: these tests need a real FUSE mount",
                    returncode=2)
    base = Path(tempfile.mkdtemp(prefix=SESSION_PREFIX))
    (base / "owner.pid").write_text(str(os.getpid()))
    yield base
    cleanup_tree(base)


@pytest.fixture
def workdir(session_dir, request):
    d = Path(tempfile.mkdtemp(prefix=request.node.name[:40].replace("/", "_") + "-",
                              dir=session_dir))
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item so that fixtures can tell whether the test failed.
    report = (yield).get_result()
    setattr(item, "rep_" + report.when, report)


@pytest.fixture
def make_mount(workdir, request):
    """Factory: make_mount(layers=(), options=(), transport=None, shared_brick=None) -> a
    started Mount in its own directory (over a brick daemon of its own when `transport` is
    given, over a shared one when `shared_brick` is). Teardown unmounts and ends every
    daemon it started, requires each to have exited cleanly, and prints the daemons' logs when
    the test failed."""
    mounts = []

    def make(layers=(), options=(), transport=None, shared_brick=None):
        m = Mount(workdir / f"m{len(mounts)}", layers, options, transport, shared_brick)
        mounts.append(m)
        return m.start()

    yield make
    problems = []
    for m in mounts:
        status = m.stop()
        call = getattr(request.node, "rep_call", None)
        if call is not None and call.failed:
            print(f"\n[{m.workdir.name}] daemon output:\n{m.diagnostics()}")
        if m.proc is not None and status != 0:
            problems.append(f"daemon of {m.path} exited with {status} after unmount:\n"
                            f"{m.diagnostics()}")
        if m.brick_daemon is not None and m.brick_stopped is False:
            problems.append(f"brick daemon of {m.path} had to be killed: SIGTERM did not end it:\n"
                            f"{m.diagnostics()}")
    if problems:
        pytest.fail("\n".join(problems))


@pytest.fixture
def processes():
    """Factory: processes(argv, **popen_arguments) -> a started subprocess.Popen, ended by
    end_process at teardown whatever the test did. Requested after make_mount, it ends them
    before the mount goes."""
    started = []

    def start(argv, **kwargs):
        started.append(subprocess.Popen(argv, **kwargs))
        return started[-1]

    yield start
    for proc in started:
        end_process(proc)


@pytest.fixture(params=[*GRAPHS, *BRICK_GRAPHS])
def mnt(request, make_mount):
    """A started mount of a fresh brick, once per graph of GRAPHS and once over a brick daemon
    per transport of BRICK_GRAPHS."""
    if request.param in BRICK_GRAPHS:
        return make_mount(transport=BRICK_GRAPHS[request.param])
    return make_mount(GRAPHS[request.param])


@pytest.fixture
def native(workdir):
    d = workdir / "native"
    d.mkdir()
    return d


@pytest.fixture
def pair(native, mnt):
    return Pair(native, mnt)
