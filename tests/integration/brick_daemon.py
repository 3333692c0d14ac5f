"""A `booster brick` daemon for the integration tests: protocol/server over features/locks over
storage/posix on a brick directory, on a unix socket or on TCP at 127.0.0.1, run in the
foreground as the test's own child so that teardown can always end it. `client_volfile_text`
is the matching client graph (protocol/client, then `layers` stacked on top).

`BrickDaemon.start()` returns once the socket accepts connections; `stop()` sends SIGTERM and
returns the exit status; `kill()` is SIGKILL (the brick crashed) and `start()` again restarts
it on the same socket or port."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from conftest import BOOSTER

START_TIMEOUT = 20  # seconds for a brick to listen on a loaded 2-core CI machine


def free_tcp_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _volume(name, xtype, options, subvolumes=()):
    lines = [f"volume {name}", f"  type {xtype}"]
    lines += [f"  option {k} {v}" for k, v in options.items()]
    if subvolumes:
        lines.append(f"  subvolumes {' '.join(subvolumes)}")
    return "\n".join(lines + ["end-volume", "", ""])


class BrickDaemon:
    def __init__(self, workdir: Path, brick: Path, transport="unix", server_options=None):
        self.workdir = workdir
        self.brick = brick
        self.transport = transport
        self.socket = workdir / "brick.sock"
        self.port = free_tcp_port() if transport == "tcp" else None
        self.volfile = workdir / "brick.vol"
        self.log = workdir / "brick.log"
        self.output = workdir / "brick.out"
        self.proc = None
        self.volfile.write_text(self.volfile_text(server_options or {}))

    def address(self):
        """Client options that reach this brick."""
        if self.transport == "unix":
            return {"transport": "unix", "remote-path": str(self.socket)}
        return {"transport": "tcp", "remote-host": "127.0.0.1", "remote-port": str(self.port)}

    def volfile_text(self, extra):
        if self.transport == "unix":
            listen = {"transport": "unix", "listen-path": str(self.socket)}
        else:
            listen = {"transport": "tcp", "bind-address": "127.0.0.1", "listen-port": str(self.port)}
        return (_volume("posix", "storage/posix", {"directory": str(self.brick)})
                + _volume("locks", "features/locks", {}, ["posix"])
                + _volume("server", "protocol/server", {**listen, **extra}, ["locks"]))

    def start(self):
        with open(self.output, "ab") as out:
            self.proc = subprocess.Popen(
                [str(BOOSTER), "brick", "-f", "--log-file", str(self.log), str(self.volfile)],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT
        while not self.accepts():
            if self.proc.poll() is not None:
                raise RuntimeError(f"booster brick exited with {self.proc.returncode}:\n{self.diagnostics()}")
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"brick not listening after {START_TIMEOUT}s:\n{self.diagnostics()}")
            time.sleep(0.02)
        return self

    def accepts(self):
        family = socket.AF_UNIX if self.transport == "unix" else socket.AF_INET
        target = str(self.socket) if self.transport == "unix" else ("127.0.0.1", self.port)
        with socket.socket(family, socket.SOCK_STREAM) as s:
            try:
                s.connect(target)
                return True
            except OSError:
                return False

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        """SIGTERM, then the exit status (SIGKILL after 15 s: reported as a string)."""
        if not self.running():
            return None if self.proc is None else self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()
            return "killed by the fixture: still running 15s after SIGTERM"

    def kill(self):
        if self.running():
            self.proc.kill()
            self.proc.wait()

    def diagnostics(self, lines=40):
        out = []
        for f in (self.output, self.log):
            if f.exists():
                text = f.read_text(errors="replace").splitlines()[-lines:]
                out.append(f"--- {f.name} (last {len(text)} lines)\n" + "\n".join(text))
        return "\n".join(out) or "(no brick output)"


def client_volfile_text(brick: BrickDaemon, layers=(), client_options=None):
    """protocol/client to `brick`, then each (type, {option: value}) of `layers` on top."""
    text = _volume("client", "protocol/client", {**brick.address(), "ping-timeout": "5", **(client_options or {})})
    below = "client"
    for i, (xtype, options) in enumerate(layers, 1):
        name = f"{xtype.split('/')[-1]}-{i}"
        text += _volume(name, xtype, options, [below])
        below = name
    return text
