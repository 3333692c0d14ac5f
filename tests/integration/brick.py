"""A brick daemon (`booster brick`) and a FUSE mount of it, for integration tests.

    with BrickVolume(workdir, transport="tcp") as vol:   # brick started, volume mounted
        (vol.mount.path / "f").write_text("x")
        vol.brick.kill()                                # SIGKILL, as a crash would
        vol.brick.start()                               # same socket or port, same directory

Brick writes a brick volfile (protocol/server over storage/posix on its own directory, a unix
socket or a free TCP port on 127.0.0.1) and the matching client volfile (protocol/client), and
runs `booster brick` in the background; start() returns once the brick listens. stop() (SIGTERM)
and kill() (SIGKILL) end it; the context manager ends the mount and the brick also when the body
failed.
"""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from conftest import BOOSTER, Mount, MountError

BRICK_TIMEOUT = 20  # seconds for a brick to end after SIGTERM


def free_tcp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def volume_text(name, xtype, options, subvolumes=()):
    lines = [f"volume {name}", f"  type {xtype}"]
    lines += [f"  option {k} {v}" for k, v in options.items()]
    if subvolumes:
        lines.append(f"  subvolumes {' '.join(subvolumes)}")
    return "\n".join(lines + ["end-volume", ""])


class Brick:
    def __init__(self, workdir: Path, transport="unix", server_options=None, client_options=None):
        self.workdir = workdir
        self.directory = workdir / "brick"
        self.directory.mkdir(parents=True, exist_ok=True)
        self.transport = transport
        self.socket = workdir / "brick.sock"
        self.port = free_tcp_port() if transport == "tcp" else None
        self.volfile = workdir / "brick.vol"
        self.client_volfile = workdir / "client.vol"
        self.log = workdir / "brick.log"
        self.pid_file = workdir / "brick.pid"
        self.pid = None
        server = {"transport": transport}
        client = {"transport": transport, "ping-timeout": 2}
        if transport == "unix":
            server["listen-path"] = self.socket
            client["remote-path"] = self.socket
        else:
            server.update({"bind-address": "127.0.0.1", "listen-port": self.port})
            client.update({"remote-host": "127.0.0.1", "remote-port": self.port})
        server.update(server_options or {})
        client.update(client_options or {})
        self.volfile.write_text(
            volume_text("posix", "storage/posix", {"directory": self.directory})
            + volume_text("server", "protocol/server", server, ["posix"]))
        self.client_volfile.write_text(volume_text("client", "protocol/client", client))

    def start(self):
        done = subprocess.run([str(BOOSTER), "brick", "--pid-file", str(self.pid_file),
                               "--log-file", str(self.log), str(self.volfile)],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=BRICK_TIMEOUT)
        if done.returncode != 0:
            raise RuntimeError(f"booster brick exited with {done.returncode}: {done.stderr}")
        self.pid = int(self.pid_file.read_text())
        return self

    def alive(self):
        if self.pid is None:
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        # A zombie is not our child (the brick daemonised), so it is reaped by init quickly.
        return Path(f"/proc/{self.pid}").exists()

    def _end(self, sig):
        if self.pid is None:
            return
        try:
            os.kill(self.pid, sig)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + BRICK_TIMEOUT
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        if self.alive():
            os.kill(self.pid, signal.SIGKILL)
        self.pid = None

    def stop(self):
        self._end(signal.SIGTERM)

    def kill(self):
        self._end(signal.SIGKILL)

    def log_lines(self, containing):
        if not self.log.exists():
            return []
        return [l for l in self.log.read_text(errors="replace").splitlines() if containing in l]


class BrickMount(Mount):
    """A booster FUSE mount of a client volfile (instead of a local posix volume)."""

    def __init__(self, workdir: Path, client_volfile: Path, options=()):
        super().__init__(workdir, (), options)
        self.volfile.write_text(client_volfile.read_text())


class BrickVolume:
    def __init__(self, workdir: Path, transport="unix", server_options=None, client_options=None):
        self.brick = Brick(workdir, transport, server_options, client_options)
        self.mount = BrickMount(workdir / "m", self.brick.client_volfile)

    def __enter__(self):
        try:
            self.brick.start()
            self.mount.start()
        except (RuntimeError, MountError):
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        try:
            self.mount.stop()
        finally:
            self.brick.stop()
        return False
