"""The randomized operation tester (random_ops.py) on graphs with and without write-behind and io-cache,
through the FUSE mount and through the booster: every read and size checked against a model,
then the files' contents compared through another client once every file was closed.

The seed is printed and taken from BOOSTER_RANDOM_SEED when set, so a failure replays:
    BOOSTER_RANDOM_SEED=1234 python3 -m pytest -q tests/integration/test_random_ops.py
"""

import os
import random

import pytest

import random_ops
from conftest import sha256_file
from preload_support import PYTHON, Booster

OPERATIONS = 2000
SEED = int(os.environ.get("BOOSTER_RANDOM_SEED") or random.randrange(1 << 32))

WRITE_BEHIND = ("performance/write-behind", {})
# Small pages and cache: evictions, page boundaries and partial pages happen within a run.
IO_CACHE = ("performance/io-cache", {"page-size": "4KB", "cache-size": "256KB"})
MD_CACHE = ("performance/md-cache", {})
GRAPHS = {
    "posix": [],
    "posix+write-behind": [WRITE_BEHIND],
    "posix+delay-gen+write-behind": [
        ("debug/delay-gen", {"delay-duration": "200", "delay-percentage": "30"}), WRITE_BEHIND],
    "posix+async+write-behind": [("debug/async", {}), WRITE_BEHIND],
    "posix+write-behind+io-cache": [WRITE_BEHIND, IO_CACHE],
    "posix+async+write-behind+io-cache": [("debug/async", {}), WRITE_BEHIND, IO_CACHE],
    "posix+async+write-behind+io-cache+md-cache": [("debug/async", {}), WRITE_BEHIND, IO_CACHE, MD_CACHE],
}


@pytest.fixture(params=list(GRAPHS), ids=list(GRAPHS))
def volume(request, make_mount):
    return make_mount(GRAPHS[request.param])


def contents_through_the_mount(directory):
    return {name: sha256_file(os.path.join(directory, name)) for name in random_ops.FILES}


def test_random_ops_through_the_mount(volume):
    print(f"BOOSTER_RANDOM_SEED={SEED}")
    directory = volume.path / "random"
    directory.mkdir()
    try:
        digests = random_ops.run(directory, SEED, OPERATIONS)
    except random_ops.Mismatch as e:
        pytest.fail(f"BOOSTER_RANDOM_SEED={SEED}: {e}")
    assert contents_through_the_mount(directory) == digests


def test_random_ops_through_the_booster(volume, workdir):
    print(f"BOOSTER_RANDOM_SEED={SEED}")
    directory = volume.path / "random"
    directory.mkdir()
    run = Booster(workdir).run([PYTHON, random_ops.__file__, str(directory), str(SEED), str(OPERATIONS)])
    assert run.returncode == 0, f"BOOSTER_RANDOM_SEED={SEED}: {run.stderr}"
    assert run.boosted("pwrite", "pwrite64") > 0 and run.boosted("pread", "pread64") > 0, run.stats
    digests = dict(line.split()[1:] for line in run.stdout.splitlines() if line.startswith("sha256 "))
    # Read by this process, through FUSE: the boosted program closed every file first.
    assert contents_through_the_mount(directory) == digests
