"""performance/write-behind through the FUSE mount and through the booster: close-to-open
(a reader that opens after the writer's close sees every byte, also on another mount of the
same brick), a boosted program's held writes reaching the bricks before a child runs and at
exit, and errors of acknowledged writes returned by fsync or close (error-gen below)."""

import errno
import hashlib
import textwrap

import pytest

from conftest import Mount, volfile_text
from preload_support import PYTHON, Booster, plain

WRITE_BEHIND = ("performance/write-behind", {})
# Every write is delayed 50 ms below write-behind: acknowledged writes are still in flight when
# the writer closes (about two rounds of them: the first write, then the rest joined).
DELAYED = [("debug/delay-gen", {"delay-duration": "50000", "delay-percentage": "100", "enable": "writev"}),
           WRITE_BEHIND]
BLOCKS = 256  # 4 KiB writes: 1 MiB, the default window

WRITER = textwrap.dedent("""
    import os, sys
    fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    for i in range(int(sys.argv[2])):
        os.write(fd, bytes([i % 251]) * 4096)
    os.close(fd)
    """)


def expected_digest(blocks=BLOCKS):
    return hashlib.sha256(b"".join(bytes([i % 251]) * 4096 for i in range(blocks))).hexdigest()


def sha256_by_another_process(path):
    return plain(["sha256sum", str(path)]).stdout.split()[0]


@pytest.fixture
def other_mount(workdir):
    """Factory: other_mount(mount) -> a second FUSE mount (its own daemon) of the same brick."""
    started = []

    def make(first):
        m = Mount(workdir / f"other{len(started)}")
        m.volfile.write_text(volfile_text(first.brick))
        started.append(m)
        return m.start()

    yield make
    for m in started:
        m.stop()


def test_close_to_open_through_the_mount(make_mount, other_mount):
    m = make_mount(DELAYED)
    other = other_mount(m)
    run = plain([PYTHON, "-c", WRITER, str(m.path / "f"), str(BLOCKS)])
    assert run.returncode == 0, run.stderr
    assert sha256_by_another_process(other.path / "f") == expected_digest()
    assert sha256_by_another_process(m.path / "f") == expected_digest()


def test_close_to_open_from_a_boosted_writer(make_mount, other_mount, workdir):
    m = make_mount(DELAYED)
    other = other_mount(m)
    run = Booster(workdir).run([PYTHON, "-c", WRITER, str(m.path / "f"), str(BLOCKS)]).check()
    assert run.boosted("write") == BLOCKS
    assert sha256_by_another_process(other.path / "f") == expected_digest()
    assert sha256_by_another_process(m.path / "f") == expected_digest()
    boosted_reader = Booster(workdir).run(["sha256sum", str(m.path / "f")]).check()
    assert boosted_reader.stdout.split()[0] == expected_digest()


def test_a_child_of_a_boosted_writer_sees_its_writes(make_mount, workdir):
    m = make_mount(DELAYED)
    code = textwrap.dedent("""
        import os, subprocess
        fd = os.open("f", os.O_WRONLY | os.O_CREAT, 0o644)
        os.write(fd, b"written before the child started\\n")
        env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
        print(subprocess.run(["cat", "f"], capture_output=True, text=True, env=env).stdout, end="")
        os.close(fd)
        """)
    run = Booster(workdir).run([PYTHON, "-c", code], cwd=m.path).check()
    assert run.boosted("write") == 1
    assert run.stdout == "written before the child started\n"


def test_writes_of_a_boosted_program_that_exits_without_close_are_kept(make_mount, workdir):
    m = make_mount(DELAYED)
    code = textwrap.dedent("""
        import os, sys
        fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT, 0o644)
        for i in range(int(sys.argv[2])):
            os.write(fd, bytes([i % 251]) * 4096)
        """)
    run = Booster(workdir).run([PYTHON, "-c", code, str(m.path / "f"), str(BLOCKS)]).check()
    assert run.boosted("write") == BLOCKS
    assert sha256_by_another_process(m.path / "f") == expected_digest()


# The third writev fails below write-behind, after write-behind acknowledged it.
FAILING = [("debug/error-gen", {"enable": "writev", "error-no": "EIO", "every-nth": "3"}), WRITE_BEHIND]

DEFERRED_ERRORS = textwrap.dedent("""
    import os, sys
    def outcome(call, *args):
        try:
            call(*args)
            return "ok"
        except OSError as e:
            return os.strerror(e.errno)
    fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT, 0o644)
    writes = [outcome(os.write, fd, b"x" * 4096) for _ in range(3)]
    print("writes", *writes)
    print("fsync", outcome(os.fsync, fd))
    print("fsync again", outcome(os.fsync, fd))
    os.write(fd, b"y" * 4096)
    os.write(fd, b"y" * 4096)
    os.write(fd, b"y" * 4096)
    print("close", outcome(os.close, fd))
    """)

EXPECTED_DEFERRED = ("writes ok ok ok\n"
                     "fsync Input/output error\n"
                     "fsync again ok\n"
                     "close Input/output error\n")


def test_acknowledged_write_errors_reach_fsync_and_close_through_the_mount(make_mount):
    m = make_mount(FAILING)
    run = plain([PYTHON, "-c", DEFERRED_ERRORS, str(m.path / "f")])
    assert run.returncode == 0, run.stderr
    assert run.stdout == EXPECTED_DEFERRED


def test_acknowledged_write_errors_reach_fsync_and_close_of_a_boosted_program(make_mount, workdir):
    m = make_mount(FAILING)
    run = Booster(workdir).run([PYTHON, "-c", DEFERRED_ERRORS, str(m.path / "f")]).check()
    assert run.stdout == EXPECTED_DEFERRED
    assert run.boosted("write") == 6 and run.boosted("fsync") == 2 and run.boosted("close") == 1
