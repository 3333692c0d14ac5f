"""The volume store from the tests' side: `store` is a fresh BOOSTER_STATE_DIR per test, and
`store.booster(...)` runs the CLI with it. Its finaliser unmounts every mount under the test's
directory, stops and deletes every volume of the store (`booster volume stop`, `delete`), and kills any brick daemon
still mentioning the store, also when the test failed.

`needs_translators` skips a test when this build has no protocol/server, protocol/client or
features/locks, `needs_bricks` also when it has no `booster brick` command (their branches not
merged yet): the skip reason says so, and the tests run as soon as they are there.
"""

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import BOOSTER, daemon_pids, is_mounted, kill_pids, lazy_unmount, mount_points


def _known_translators():
    probe = subprocess.run([str(BOOSTER), "check", "/dev/stdin"], input="volume x\n type no/such\nend-volume\n",
                           capture_output=True, text=True, timeout=30) if BOOSTER.is_file() else None
    match = re.search(r"known: ([^)]*)", probe.stderr if probe else "")
    return set(match.group(1).split(", ")) if match else set()


def _has_brick_command():
    if not BOOSTER.is_file():
        return False
    probe = subprocess.run([str(BOOSTER), "brick"], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=30)
    return "unknown command 'brick'" not in probe.stderr


_MISSING = sorted({"protocol/server", "protocol/client", "features/locks"} - _known_translators())
_MISSING_DAEMON = _MISSING + ([] if _has_brick_command() else ["the `booster brick` command"])
needs_translators = pytest.mark.skipif(bool(_MISSING), reason=f"this build lacks {', '.join(_MISSING)}")
needs_bricks = pytest.mark.skipif(bool(_MISSING_DAEMON), reason=f"this build lacks {', '.join(_MISSING_DAEMON)}")


class Store:
    def __init__(self, root: Path):
        self.root = root

    def booster(self, *args, timeout=120):
        env = dict(os.environ, BOOSTER_STATE_DIR=str(self.root))
        return subprocess.run([str(BOOSTER), *map(str, args)], env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)

    def ok(self, *args):
        r = self.booster(*args)
        assert r.returncode == 0, f"booster {' '.join(map(str, args))}: exit {r.returncode}\n{r.stdout}{r.stderr}"
        return r

    def entries(self):
        """Everything in the store, hidden folders included."""
        return sorted(p.name for p in self.root.iterdir()) if self.root.exists() else []

    def volume_dir(self, name):
        return self.root / name

    def info(self, name):
        return dict(line.split("=", 1) for line in (self.root / name / "volume.info").read_text().splitlines())

    def pid(self, name, brick=0):
        return int((self.root / name / f"brick{brick}.pid").read_text())


def brick_dir(workdir, name="brick"):
    d = workdir / name
    d.mkdir(parents=True, exist_ok=True)
    return d


@pytest.fixture
def store(workdir):
    s = Store(workdir / "state")
    yield s
    base = os.path.realpath(workdir)
    for mp in mount_points():
        if mp.startswith(base + "/"):
            subprocess.run([str(BOOSTER), "umount", mp], capture_output=True, timeout=60)
            if is_mounted(mp):
                lazy_unmount(mp)
    for name in s.entries():
        if not name.startswith("."):
            s.booster("volume", "stop", name, timeout=60)
            s.booster("volume", "delete", name, timeout=60)  # also its sockets outside the store
    kill_pids(daemon_pids(s.root))
