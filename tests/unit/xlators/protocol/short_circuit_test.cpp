// Short-circuit I/O across protocol/client and protocol/server on a unix socket: with the option
// on both sides, an open or create reply lends the brick's descriptor of the file, and readv,
// writev and fsync of that fd go through it in the client (the brick's translators see none of them),
// with the access mode the open had; the brick lends nothing to a client that did not ask, and
// a brick without the option lends nothing; once the link the descriptor came on is down, the
// fd's I/O fails with ENOTCONN, and the reopen after the reconnect brings the new brick's
// descriptor, through which it goes on; TCP refuses the option.
#include <doctest/doctest.h>
#include <fcntl.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/xlators/protocol/client/protocol_client.hpp"
#include "tests/unit/xlators/protocol/protocol_fixture.hpp"

namespace booster::test {
namespace {

constexpr const char* kServerLends = "  option short-circuit on\n";
constexpr const char* kClientAsks = "  option short-circuit on\n";

Result<std::size_t> write_at(ProtocolPair& p, Fd& fd, std::string data, off_t offset) {
    iovec iov{data.data(), data.size()};
    return sync_wait(p.top().writev(root_req(), fd, IoVecs(&iov, 1), offset, 0));
}

Result<std::string> read_at(ProtocolPair& p, Fd& fd, std::size_t size, off_t offset) {
    std::string buf(size, '\0');
    iovec iov{buf.data(), buf.size()};
    auto n = sync_wait(p.top().readv(root_req(), fd, IoVecs(&iov, 1), offset, 0));
    if (!n) return std::unexpected(n.error());
    buf.resize(*n);
    return buf;
}

std::string brick_bytes(ProtocolPair& p, const std::string& name) {
    std::ifstream in(p.brick_dir() / name, std::ios::binary);
    std::ostringstream all;
    all << in.rdbuf();
    return all.str();
}

std::string client_dump(ProtocolPair& p) { return xlator<ProtocolClient>(p.client(), "client").dump(); }

// Opens the root's file `name`, found by lookup.
FdRef open_existing(ProtocolPair& p, const std::string& name, int flags) {
    auto found = sync_wait(p.top().lookup(root_req(), p.child(Gfid::root(), name, false)));
    REQUIRE(found.has_value());
    FdRef fd = p.new_fd(flags);
    auto opened = sync_wait(p.top().open(root_req(), p.object(found->attr.gfid), flags, *fd));
    REQUIRE_MESSAGE(opened.has_value(), "errno " << (opened ? 0 : opened.error().errnum));
    return fd;
}

}  // namespace

TEST_CASE("short-circuit: readv and writev of an opened file go through the lent descriptor, not the brick") {
    ProtocolPair p(Transport::kUnix, kServerLends, kClientAsks);
    FdRef fd = p.create_file("f");
    CHECK(write_at(p, *fd, "short circuit", 0) == 13u);
    CHECK(write_at(p, *fd, "CIRCUIT", 6) == 7u);
    CHECK(brick_bytes(p, "f") == "short CIRCUIT");
    CHECK(read_at(p, *fd, 64, 0) == "short CIRCUIT");
    CHECK(p.probe().writevs.load() == 0);
    CHECK(p.probe().readvs.load() == 0);
    CHECK(client_dump(p).find("lent-fds=1 local-reads=1 local-writes=2") != std::string::npos);

    // fsync and fdatasync are made on the lent descriptor too.
    CHECK(sync_wait(p.top().fsync(root_req(), *fd, false)).has_value());
    CHECK(sync_wait(p.top().fsync(root_req(), *fd, true)).has_value());
    CHECK(p.probe().fsyncs.load() == 0);
    CHECK(client_dump(p).find("local-syncs=2") != std::string::npos);

    // The brick's other fops act on the same file.
    auto attr = sync_wait(p.top().fstat(root_req(), *fd));
    REQUIRE(attr.has_value());
    CHECK(attr->size == 13u);

    // A read-only open lends a read-only descriptor: a write through it fails as the brick's would.
    FdRef reader = open_existing(p, "f", O_RDONLY);
    CHECK(read_at(p, *reader, 5, 0) == "short");
    auto refused = write_at(p, *reader, "x", 0);
    REQUIRE(!refused.has_value());
    CHECK(refused.error().errnum == EBADF);
    CHECK(brick_bytes(p, "f") == "short CIRCUIT");
    CHECK(p.probe().writevs.load() == 0);
}

TEST_CASE("short-circuit: nothing is lent unless the client asks and the brick lends") {
    SUBCASE("the client does not ask") {
        ProtocolPair p(Transport::kUnix, kServerLends, "");
        FdRef fd = p.create_file("f");
        CHECK(write_at(p, *fd, "via brick", 0) == 9u);
        CHECK(read_at(p, *fd, 64, 0) == "via brick");
        CHECK(sync_wait(p.top().fsync(root_req(), *fd, false)).has_value());
        CHECK(p.probe().fsyncs.load() == 1);
        CHECK(p.probe().writevs.load() == 1);
        CHECK(p.probe().readvs.load() + static_cast<int>(p.spliced_reads()) == 1);
    }
    SUBCASE("the brick does not lend") {
        ProtocolPair p(Transport::kUnix, "", kClientAsks);
        FdRef fd = p.create_file("f");
        CHECK(write_at(p, *fd, "via brick", 0) == 9u);
        CHECK(p.probe().writevs.load() == 1);
        CHECK(client_dump(p).find("lent-fds=0 local-reads=0 local-writes=0") != std::string::npos);
    }
}

TEST_CASE("short-circuit: while the brick is down the fd's I/O fails with ENOTCONN; reopened, the new brick lends again") {
    ProtocolPair p(Transport::kUnix, kServerLends, kClientAsks);
    FdRef fd = p.create_file("f");
    CHECK(write_at(p, *fd, "before", 0) == 6u);
    p.stop_brick();
    REQUIRE(eventually([&] { return p.events().saw(Event::kChildDown); }));
    auto write = write_at(p, *fd, "during", 0);
    REQUIRE(!write.has_value());
    CHECK(write.error().errnum == ENOTCONN);
    auto read = read_at(p, *fd, 6, 0);
    REQUIRE(!read.has_value());
    CHECK(read.error().errnum == ENOTCONN);
    auto synced = sync_wait(p.top().fsync(root_req(), *fd, false));
    REQUIRE(!synced.has_value());
    CHECK(synced.error().errnum == ENOTCONN);
    CHECK(brick_bytes(p, "f") == "before");

    p.start_brick();
    REQUIRE(eventually([&] { return p.events().count(Event::kChildUp) >= 2; }));
    CHECK(write_at(p, *fd, "after!", 0) == 6u);
    CHECK(read_at(p, *fd, 6, 0) == "after!");
    CHECK(p.probe().writevs.load() == 0);  // the new brick's probe: nothing came through it
    CHECK(p.probe().readvs.load() == 0);
    CHECK(brick_bytes(p, "f") == "after!");
    CHECK(client_dump(p).find("lent-fds=2 local-reads=1 local-writes=2") != std::string::npos);
}

TEST_CASE("short-circuit: the option needs a unix socket, on either side") {
    const std::string client_tcp =
        "volume client\n  type protocol/client\n  option transport tcp\n  option remote-port 1\n"
        "  option short-circuit on\nend-volume\n";
    auto client = Graph::from_text(client_tcp, "test.vol");
    REQUIRE(client.has_value());
    CHECK(!(*client)->activate().has_value());

    const std::string brick_tcp =
        "volume posix\n  type storage/posix\n  option directory /tmp\nend-volume\n"
        "volume server\n  type protocol/server\n  option transport tcp\n  option bind-address 127.0.0.1\n"
        "  option listen-port 0\n  option short-circuit on\n  subvolumes posix\nend-volume\n";
    auto brick = Graph::from_text(brick_tcp, "test.vol");
    REQUIRE(brick.has_value());
    CHECK(!(*brick)->activate().has_value());
}

}  // namespace booster::test
