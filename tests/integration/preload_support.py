"""Running programs under libbooster.so and reading what BOOSTER_STATS says they did.

`Booster(lib, workdir).run(argv, ...)` runs a command with LD_PRELOAD set and BOOSTER_STATS
pointing at a fresh file; the result carries the process output and `stats`, the per-call
counts of every process of the run (children included) summed: {call: (boosted, kernel)}.
"""

import os
import subprocess
from collections import defaultdict
from pathlib import Path

SOURCE_DIR = Path(os.environ.get("BOOSTER_SOURCE_DIR") or Path(__file__).resolve().parents[2])
LIBRARY = Path(os.environ.get("BOOSTER_PRELOAD") or SOURCE_DIR / "build/release/libbooster.so")
PYTHON = "/usr/bin/python3"  # the system interpreter: a version-manager shim would run bash first


class Run:
    def __init__(self, proc, stats_text):
        self.returncode = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.stats = defaultdict(lambda: (0, 0))
        self.engines = []
        self.adopted = defaultdict(int)  # how adopted fds' gfids were learned: known, by-name, by-mount
        for line in stats_text.splitlines():
            words = line.split()
            if len(words) < 2 or words[0] != "booster-stats:":
                continue
            if words[1].startswith("pid="):
                self.engines.append(int(words[2].split("=")[1]))
                continue
            if words[1] == "adopted":
                for word in words[2:]:
                    source, count = word.split("=")
                    self.adopted[source] += int(count)
                continue
            boosted = int(words[2].split("=")[1])
            kernel = int(words[3].split("=")[1])
            b, k = self.stats[words[1]]
            self.stats[words[1]] = (b + boosted, k + kernel)

    def boosted(self, *calls):
        """How many of `calls` (all if none named) the booster served."""
        names = calls or list(self.stats)
        return sum(self.stats[c][0] for c in names)

    def check(self):
        assert self.returncode == 0, f"exit {self.returncode}\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}"
        return self


class Booster:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.count = 0

    def env(self, stats_file, extra=None):
        env = dict(os.environ)
        env["LD_PRELOAD"] = str(LIBRARY)
        env["BOOSTER_STATS"] = str(stats_file)
        env.update(extra or {})
        return env

    def run(self, argv, cwd=None, input=None, env=None, shell=False, timeout=300, text=True):
        self.count += 1
        stats_file = self.workdir / f"stats-{self.count}.txt"
        proc = subprocess.run(argv, cwd=cwd, input=input, env=self.env(stats_file, env), shell=shell,
                              capture_output=True, timeout=timeout, text=text,
                              stdin=None if input is not None else subprocess.DEVNULL)
        stats_text = stats_file.read_text() if stats_file.exists() else ""
        return Run(proc, stats_text)


def plain(argv, cwd=None, input=None, shell=False, timeout=300, text=True):
    """The same command without the booster, for the native side of a comparison."""
    env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "BOOSTER_STATS")}
    return subprocess.run(argv, cwd=cwd, input=input, env=env, shell=shell, capture_output=True,
                          timeout=timeout, text=text, stdin=None if input is not None else subprocess.DEVNULL)
