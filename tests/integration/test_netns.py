"""Bricks on other hosts: the test makes two hosts as network namespaces joined to this one by
veth pairs (10.201.N.1 here, 10.201.N.2 on host N), runs one `booster brick` in each on TCP, and
mounts ONE volume here spanning both hosts' bricks (cluster/distribute over a protocol/client
per host). Files written through the mount and by a boosted program land on one host's brick
each, both hosts hold every directory, everything reads back through the volume, and a brick
whose allow-list does not name this host's address refuses it. Needs root and iproute2;
skipped otherwise."""

import errno
import os
import shutil
import socket
import subprocess
import time

import pytest

from brick import brick_volfile_text
from conftest import BOOSTER
from preload_support import Booster

pytestmark = pytest.mark.skipif(os.geteuid() != 0 or shutil.which("ip") is None,
                                reason="network namespaces need root and iproute2")

PORT = 24007
START_TIMEOUT = 20


def ip(*args, check=True):
    return subprocess.run(["ip", *args], capture_output=True, text=True, check=check)


class Host:
    """Network namespace N with a veth link to this namespace and, once started, a brick."""

    def __init__(self, workdir, n):
        self.n = n
        self.ns = f"booster-it-{os.getpid()}-{n}"
        self.link = f"bst{os.getpid() % 100000}h{n}"
        self.here = f"10.201.{n}.1"
        self.address = f"10.201.{n}.2"
        self.dir = workdir / f"host{n}"
        self.brick = self.dir / "brick"
        self.brick.mkdir(parents=True)
        self.proc = None

    def create(self):
        ip("netns", "add", self.ns)
        ip("link", "add", self.link, "type", "veth", "peer", "name", "eth0", "netns", self.ns)
        ip("addr", "add", f"{self.here}/24", "dev", self.link)
        ip("link", "set", self.link, "up")
        for cmd in (["addr", "add", f"{self.address}/24", "dev", "eth0"], ["link", "set", "eth0", "up"],
                    ["link", "set", "lo", "up"]):
            ip("-n", self.ns, *cmd)

    def start_brick(self, booster_bin, allow):
        volfile = self.dir / "brick.vol"
        volfile.write_text(brick_volfile_text(self.brick, {"transport": "tcp", "bind-address": self.address,
                                                           "listen-port": PORT, "auth-allow": allow}))
        self.log = self.dir / "brick.log"
        self.proc = subprocess.Popen(["ip", "netns", "exec", self.ns, str(booster_bin), "brick", "-f",
                                      "--log-file", str(self.log), str(volfile)],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT
        while not self.accepts():
            assert self.proc.poll() is None, f"brick on host {self.n} exited:\n{self.log_text()}"
            assert time.monotonic() < deadline, f"brick on host {self.n} not listening:\n{self.log_text()}"
            time.sleep(0.05)

    def accepts(self):
        with socket.socket() as s:
            s.settimeout(1)
            return s.connect_ex((self.address, PORT)) == 0

    def log_text(self):
        return self.log.read_text(errors="replace") if self.log.exists() else "(no log)"

    def destroy(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        ip("link", "del", self.link, check=False)
        ip("netns", "del", self.ns, check=False)


@pytest.fixture
def hosts(workdir):
    made = []
    try:
        for n in (1, 2):
            made.append(Host(workdir, n))
            made[-1].create()
        yield made
    finally:
        for h in made:
            h.destroy()


class HostBrick:
    """The client side of a host's brick, in the shape conftest's Mount expects of a shared brick."""

    def __init__(self, host):
        self.host = host
        self.client_options = {"ping-timeout": 5}

    def address(self):
        return {"transport": "tcp", "remote-host": self.host.address, "remote-port": str(PORT)}


@pytest.fixture
def mount_host(make_mount):
    """A FUSE mount here of a host's brick."""
    return lambda host: make_mount(shared_brick=HostBrick(host))


@pytest.fixture
def mount_volume(make_mount):
    """A FUSE mount here of one volume over every given host's brick."""
    return lambda hosts: make_mount(shared_brick=[HostBrick(h) for h in hosts])


def test_one_volume_spans_the_bricks_of_two_hosts(hosts, mount_volume, workdir):
    for h in hosts:
        h.start_brick(BOOSTER, allow=h.here)
    volume = mount_volume(hosts)

    (volume.path / "dir").mkdir()
    for i in range(20):
        (volume.path / "dir" / f"small-{i}").write_text(f"{i}\n")
    payload = os.urandom(3 << 20)
    (workdir / "payload").write_bytes(payload)
    booster = Booster(workdir)
    for i in range(4):
        cp = booster.run(["cp", str(workdir / "payload"), str(volume.path / f"data-{i}")]).check()
        assert cp.boosted("write") > 0, dict(cp.stats)
    back = booster.run(["cat", str(volume.path / "data-0")], text=False).check()
    assert back.boosted("read") > 0 and back.stdout == payload, dict(back.stats)

    on = [{n for n in os.listdir(h.brick / "dir") if not n.startswith(".")} for h in hosts]
    assert on[0] and on[1] and not on[0] & on[1], on
    assert on[0] | on[1] == {f"small-{i}" for i in range(20)}
    assert all((h.brick / "dir").is_dir() for h in hosts)
    top = [{n for n in os.listdir(h.brick) if n.startswith("data-")} for h in hosts]
    assert not top[0] & top[1] and top[0] | top[1] == {f"data-{i}" for i in range(4)}
    assert sorted(os.listdir(volume.path)) == ["data-0", "data-1", "data-2", "data-3", "dir"]
    assert all((volume.path / f"data-{i}").read_bytes() == payload for i in range(4))
    assert all((volume.path / "dir" / f"small-{i}").read_text() == f"{i}\n" for i in range(20))


def test_a_brick_refuses_a_host_its_allow_list_does_not_name(hosts, mount_host):
    refusing = hosts[1]
    refusing.start_brick(BOOSTER, allow="10.201.99.0/24")
    m = mount_host(refusing)
    with pytest.raises(OSError) as failure:
        os.listdir(m.path)
    assert failure.value.errno in (errno.ENOTCONN, errno.EACCES, errno.EPERM), failure.value
    assert refusing.here in refusing.log_text(), refusing.log_text()
