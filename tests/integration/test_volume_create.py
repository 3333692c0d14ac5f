"""`booster volume create`: the files it writes (each volfile passes `booster check`), and every
validation error: clear, naming what is wrong, and leaving the store exactly as it was."""

import os
import socket
import stat

import pytest

from conftest import run_booster
from volume_support import brick_dir, needs_translators, store  # noqa: F401 (fixture)


def check(path):
    r = run_booster("check", path)
    assert r.returncode == 0, f"booster check {path}:\n{r.stderr}"
    return r.stdout


@needs_translators
@pytest.mark.parametrize("transport", ["unix", "tcp"])
def test_create_writes_volfiles_that_pass_check(store, workdir, transport):
    brick = brick_dir(workdir)
    r = store.ok("volume", "create", "v1", "--transport", transport, brick)
    assert "volume v1 created" in r.stdout
    vdir = store.volume_dir("v1")
    assert sorted(p.name for p in vdir.iterdir()) == ["v1.brick0.vol", "v1.client.vol", "volume.info"]

    brick_graph = check(vdir / "v1.brick0.vol")
    assert "top server" in brick_graph
    for xtype in ("protocol/server", "features/locks", "storage/posix"):
        assert xtype in brick_graph
    assert f"option directory {brick}" in (vdir / "v1.brick0.vol").read_text()

    client_graph = check(vdir / "v1.client.vol")
    assert "top v1\n" in client_graph
    for xtype in ("protocol/client", "performance/open-behind", "performance/write-behind", "performance/io-cache", "performance/md-cache",
                  "performance/stat-prefetch", "debug/io-stats"):
        assert xtype in client_graph

    info = store.info("v1")
    assert info["transport"] == transport and info["brick0.dir"] == str(brick)
    brick_text = (vdir / "v1.brick0.vol").read_text()
    client_text = (vdir / "v1.client.vol").read_text()
    if transport == "unix":
        assert f"option listen-path {info['brick0.socket']}" in brick_text
        assert f"option remote-path {info['brick0.socket']}" in client_text
    else:
        assert int(info["brick0.port"]) >= 24100
        assert f"option listen-port {info['brick0.port']}" in brick_text
        assert f"option remote-port {info['brick0.port']}" in client_text
        assert "option auth-allow 127.0.0.0/8" in brick_text


@needs_translators
def test_no_performance_leaves_the_client_graph_bare(store, workdir):
    store.ok("volume", "create", "bare", "--no-performance", brick_dir(workdir))
    graph = check(store.volume_dir("bare") / "bare.client.vol")
    assert "write-behind" not in graph and "io-cache" not in graph and "md-cache" not in graph
    assert "stat-prefetch" not in graph and "open-behind" not in graph
    assert "protocol/client" in graph


@needs_translators
@pytest.mark.parametrize("transport", ["unix", "tcp"])
def test_secret_is_private_and_named_by_both_volfiles(store, workdir, transport):
    store.ok("volume", "create", "s", "--secret", "--transport", transport, brick_dir(workdir))
    vdir = store.volume_dir("s")
    secret = vdir / "s.secret"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert len(secret.read_text().strip()) == 64
    assert f"option auth-secret-file {secret}" in (vdir / "s.brick0.vol").read_text()
    assert f"option secret-file {secret}" in (vdir / "s.client.vol").read_text()
    check(vdir / "s.brick0.vol")
    check(vdir / "s.client.vol")


@needs_translators
def test_allow_list_reaches_the_brick(store, workdir):
    store.ok("volume", "create", "a", "--transport", "tcp", "--allow", "10.1.0.0/16,127.0.0.1", brick_dir(workdir))
    assert "option auth-allow 10.1.0.0/16,127.0.0.1" in (store.volume_dir("a") / "a.brick0.vol").read_text()


@needs_translators
def test_busy_poll_reaches_every_brick_and_stays_in_volume_info(store, workdir):
    store.ok("volume", "create", "p", "--busy-poll-usec", "200", brick_dir(workdir))
    assert "option busy-poll-usec 200" in (store.volume_dir("p") / "p.brick0.vol").read_text()
    assert store.info("p")["busy-poll-usec"] == "200"
    store.ok("volume", "create", "d", brick_dir(workdir, "d"))
    assert "option busy-poll-usec 50" in (store.volume_dir("d") / "d.brick0.vol").read_text()
    store.ok("volume", "create", "q", "--busy-poll-usec", "0", brick_dir(workdir, "q"))
    assert "busy-poll-usec" not in (store.volume_dir("q") / "q.brick0.vol").read_text()


@needs_translators
def test_too_long_socket_path_is_shortened(workdir):
    from volume_support import Store
    deep = Store(workdir / ("s" * 60) / ("t" * 60))
    store_brick = brick_dir(workdir)
    deep.ok("volume", "create", "long-volume-name", store_brick)
    socket_path = deep.info("long-volume-name")["brick0.socket"]
    assert len(socket_path.encode()) < 108
    check(deep.volume_dir("long-volume-name") / "long-volume-name.brick0.vol")
    deep.ok("volume", "delete", "long-volume-name")


@needs_translators
def test_tcp_ports_skip_ports_in_use_and_ports_of_other_volumes(store, workdir):
    store.ok("volume", "create", "first", "--transport", "tcp", brick_dir(workdir, "b1"))
    first = int(store.info("first")["brick0.port"])
    store.ok("volume", "create", "second", "--transport", "tcp", brick_dir(workdir, "b2"))
    second = int(store.info("second")["brick0.port"])
    assert second != first
    with socket.socket() as busy:
        busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        busy.bind(("0.0.0.0", second + 1))
        busy.listen()
        store.ok("volume", "create", "third", "--transport", "tcp", brick_dir(workdir, "b3"))
    assert int(store.info("third")["brick0.port"]) not in (first, second, second + 1)


@pytest.fixture
def busy_port():
    with socket.socket() as s:
        s.bind(("0.0.0.0", 0))
        s.listen()
        yield s.getsockname()[1]


def _file(workdir):
    f = workdir / "a-file"
    f.write_text("x")
    return f


# (id, argv after `volume create` given workdir, brick and busy port, fragment of the error)
BAD = [
    ("name-slash", lambda w, b, p: ["a/b", b], "volume name 'a/b' holds '/'"),
    ("name-dash", lambda w, b, p: ["-x", b], "must start with a letter or a digit"),
    ("name-dot", lambda w, b, p: [".hidden", b], "must start with a letter or a digit"),
    ("name-long", lambda w, b, p: ["n" * 65, b], "longer than 64 characters"),
    ("no-brick", lambda w, b, p: ["v"], "at least one BRICK"),
    ("relative", lambda w, b, p: ["v", "rel/dir"], "must be an absolute path"),
    ("missing", lambda w, b, p: ["v", w / "nope"], "does not exist"),
    ("file", lambda w, b, p: ["v", _file(w)], "is not a directory"),
    ("twice", lambda w, b, p: ["v", b, b], "is already a brick of this volume"),
    ("transport", lambda w, b, p: ["--transport", "udp", "v", b], "--transport 'udp': expected unix or tcp"),
    ("port-syntax", lambda w, b, p: ["--transport", "tcp", "--port", "70000", "v", b], "--port '70000'"),
    ("port-busy", lambda w, b, p: ["--transport", "tcp", "--port", p, "v", b], "is in use on this machine"),
    ("port-unix", lambda w, b, p: ["--port", "24500", "v", b], "--port applies to --transport tcp only"),
    ("allow-unix", lambda w, b, p: ["--allow", "10.0.0.1", "v", b], "--allow (addresses) applies to --transport tcp"),
    ("remote-host", lambda w, b, p: ["v", f"elsewhere.invalid:{b}"], "bricks on other hosts are not supported yet"),
    ("flag-value", lambda w, b, p: ["v", b, "--transport"], "--transport needs a value"),
    ("busy-poll", lambda w, b, p: ["--busy-poll-usec", "20000", "v", b], "--busy-poll-usec '20000': expected microseconds"),
    ("busy-poll-word", lambda w, b, p: ["--busy-poll-usec", "soon", "v", b], "--busy-poll-usec 'soon'"),
    ("short-circuit-tcp", lambda w, b, p: ["--transport", "tcp", "--short-circuit", "v", b],
     "--short-circuit applies to --transport unix only"),
]


@pytest.mark.parametrize("args,fragment", [(a, f) for _, a, f in BAD], ids=[i for i, _, _ in BAD])
def test_bad_create_is_refused_clearly_and_leaves_nothing(store, workdir, busy_port, args, fragment):
    brick = brick_dir(workdir)
    before = store.entries()
    r = store.booster("volume", "create", *args(workdir, brick, busy_port))
    assert r.returncode != 0
    assert fragment in r.stderr, r.stderr
    assert store.entries() == before


@needs_translators
@pytest.mark.parametrize("second,fragment", [
    (lambda b: ["v1", b / "other"], "volume 'v1' already exists"),
    (lambda b: ["v2", b], "is already a brick of volume 'v1'"),
    (lambda b: ["v2", b / "inner"], "overlaps brick"),
], ids=["same-name", "same-brick", "nested-brick"])
def test_clash_with_an_existing_volume_is_refused(store, workdir, second, fragment):
    brick = brick_dir(workdir)
    (brick / "other").mkdir()
    (brick / "inner").mkdir()
    store.ok("volume", "create", "v1", brick)
    before = store.entries()
    info_before = (store.volume_dir("v1") / "volume.info").read_text()
    r = store.booster("volume", "create", *second(brick))
    assert r.returncode != 0 and fragment in r.stderr, r.stderr
    assert store.entries() == before
    assert (store.volume_dir("v1") / "volume.info").read_text() == info_before


def test_unknown_volume_is_named(store):
    for sub in ("start", "stop", "status", "delete"):
        r = store.booster("volume", sub, "ghost")
        assert r.returncode == 1 and "no volume 'ghost'" in r.stderr, r.stderr


def test_list_of_an_empty_store_is_empty(store):
    assert store.ok("volume", "list").stdout == ""
    assert not os.path.exists(store.root)  # listing creates nothing
