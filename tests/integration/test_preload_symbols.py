"""A C program compiled three ways calls three sets of glibc symbols for the same I/O; the
booster must serve each set: plain names, the 64-bit names of _FILE_OFFSET_BITS=64, and the
checked variants of _FORTIFY_SOURCE (shared/reference/preload-survey.md, pitfall 1).
And every program started under the preload loads nothing more than glibc's own libraries."""

import subprocess
from pathlib import Path

import pytest

from preload_support import LIBRARY, Booster, plain

SOURCE = Path(__file__).parent / "programs" / "io_variants.c"

VARIANTS = {
    "plain": ([], {"open", "write", "pwrite", "pwritev", "lseek", "read", "pread", "readv", "fstat",
                   "ftruncate", "fsync", "close"}),
    "offset-bits-64": (["-D_FILE_OFFSET_BITS=64"], {"open64", "pwrite64", "pwritev64", "lseek64", "pread64",
                                                    "fstat64", "ftruncate64"}),
    "fortify": (["-O2", "-D_FORTIFY_SOURCE=2"], {"__read_chk", "__pread_chk"}),
}


@pytest.fixture
def volume(make_mount):
    return make_mount()


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_each_compiled_variant_is_boosted(variant, volume, native, workdir):
    flags, expected_calls = VARIANTS[variant]
    exe = workdir / f"io-{variant}"
    subprocess.run(["cc", *flags, "-o", str(exe), str(SOURCE)], check=True, capture_output=True)
    expected = plain([str(exe), str(native / "f")])
    assert expected.returncode == 0, expected.stderr
    run = Booster(workdir).run([str(exe), str(volume.path / "f")]).check()
    assert run.stdout == expected.stdout
    not_boosted = {c for c in expected_calls if run.stats[c][0] == 0}
    assert not not_boosted, f"not boosted: {sorted(not_boosted)}; stats: {dict(run.stats)}"


def test_the_preload_needs_only_glibc():
    # Each further shared library (libstdc++, a crypto library, libunwind and its liblzma) is
    # mapped and relocated in every process started under the preload, mount or not.
    dynamic = subprocess.run(["readelf", "-d", str(LIBRARY)], check=True, capture_output=True, text=True).stdout
    needed = {line.split("[", 1)[1].rstrip("]") for line in dynamic.splitlines() if "(NEEDED)" in line}
    assert needed <= {"libc.so.6", "libm.so.6", "ld-linux-x86-64.so.2"}, needed
