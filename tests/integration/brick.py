"""A brick daemon (`booster brick`) for integration tests, and the client volfile that reaches it.

    brick = Brick(workdir, transport="tcp").start()  # listening; brick.directory is the brick
    Brick(workdir, transport="unix+short-circuit")  # unix, the option short-circuit on both sides
    brick.kill()                                     # SIGKILL, as a crash would
    brick.start()                                    # same socket or port, same directory
    client_volfile_text(brick, layers)               # protocol/client, `layers` stacked on top

Brick writes a brick volfile (protocol/server over features/locks over storage/posix on its own
directory, a unix socket or a free TCP port on 127.0.0.1) and runs `booster brick` in the
background with a pid file; start() returns once the brick listens. stop() (SIGTERM) and kill()
(SIGKILL) end it. conftest's `make_mount(transport=...)` owns one per mount and ends it in its
finaliser; `make_mount(shared_brick=brick)` adds a mount to a brick the test owns.
"""

import os
import signal
import socket
import subprocess
from pathlib import Path

from conftest import BOOSTER, gone, stacked_volfile_text, volume_text

BRICK_TIMEOUT = 20  # seconds for a brick to start listening, or to end after SIGTERM


def free_tcp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def brick_volfile_text(directory, server_options):
    """protocol/server (`server_options`) over features/locks over storage/posix on `directory`."""
    return (volume_text("posix", "storage/posix", {"directory": directory})
            + volume_text("locks", "features/locks", {}, ["posix"])
            + volume_text("server", "protocol/server", server_options, ["locks"]))


class Brick:
    def __init__(self, workdir: Path, transport="unix", server_options=None, client_options=None):
        self.workdir = workdir
        self.directory = workdir / "brick"
        self.directory.mkdir(parents=True, exist_ok=True)
        short_circuit = transport == "unix+short-circuit"
        transport = "unix" if short_circuit else transport
        self.transport = transport
        self.socket = workdir / "brick.sock"
        self.port = free_tcp_port() if transport == "tcp" else None
        self.volfile = workdir / "brick.vol"
        self.log = workdir / "brick.log"
        self.pid_file = workdir / "brick.pid"
        self.pid = None
        self.client_options = {"ping-timeout": 2, **(client_options or {})}
        server = {"transport": transport}
        if short_circuit:
            self.client_options["short-circuit"] = "on"
            server["short-circuit"] = "on"
        if transport == "unix":
            server["listen-path"] = self.socket
        else:
            server.update({"bind-address": "127.0.0.1", "listen-port": self.port})
        server.update(server_options or {})
        self.volfile.write_text(brick_volfile_text(self.directory, server))

    def address(self):
        """The protocol/client options that reach this brick."""
        if self.transport == "unix":
            return {"transport": "unix", "remote-path": self.socket}
        return {"transport": "tcp", "remote-host": "127.0.0.1", "remote-port": self.port}

    def start(self):
        done = subprocess.run([str(BOOSTER), "brick", "--pid-file", str(self.pid_file),
                               "--log-file", str(self.log), str(self.volfile)],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=BRICK_TIMEOUT)
        if done.returncode != 0:
            raise RuntimeError(f"booster brick exited with {done.returncode}: {done.stderr}")
        self.pid = int(self.pid_file.read_text())
        return self

    def _end(self, sig):
        """Sends `sig`; True if the brick ended by itself within BRICK_TIMEOUT (else SIGKILL)."""
        if self.pid is None:
            return True
        try:
            os.kill(self.pid, sig)
        except ProcessLookupError:
            pass
        ended = gone(self.pid, BRICK_TIMEOUT)
        if not ended:
            os.kill(self.pid, signal.SIGKILL)
        self.pid = None
        return ended

    def stop(self):
        return self._end(signal.SIGTERM)

    def kill(self):
        self._end(signal.SIGKILL)

    def log_lines(self, containing):
        if not self.log.exists():
            return []
        return [l for l in self.log.read_text(errors="replace").splitlines() if containing in l]

    def diagnostics(self, lines=40):
        text = self.log.read_text(errors="replace").splitlines()[-lines:] if self.log.exists() else []
        return f"--- {self.log.name} (last {len(text)} lines)\n" + "\n".join(text)


def client_volfile_text(brick, layers=()):
    """protocol/client to `brick` (anything with address() and client_options), then each
    (type, {option: value}) of `layers` stacked on top, bottom first."""
    return stacked_volfile_text("client", "protocol/client", {**brick.address(), **brick.client_options}, layers)


def distributed_volfile_text(bricks, layers=()):
    """One protocol/client per brick (anything with address() and client_options), joined by
    cluster/distribute, then each (type, {option: value}) of `layers` stacked on top."""
    from conftest import volume_text
    names = [f"client-{i}" for i in range(len(bricks))]
    text = "".join(volume_text(n, "protocol/client", {**b.address(), **b.client_options})
                   for n, b in zip(names, bricks))
    text += volume_text("dht", "cluster/distribute", {}, names)
    below = "dht"
    for i, (layer_type, layer_options) in enumerate(layers, 1):
        layer = f"{layer_type.split('/')[-1]}-{i}"
        text += volume_text(layer, layer_type, layer_options, [below])
        below = layer
    return text
