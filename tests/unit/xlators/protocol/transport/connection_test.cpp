// transport::Connection and HeldSends over a socketpair: what the peer can read, and when.
#include "core/xlators/protocol/transport/connection.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace booster;
using booster::transport::Connection;
using booster::transport::HeldSends;

// A connected pair: `conn` sends, the test reads the peer end without blocking.
struct Pair {
    Pair() {
        int fds[2];
        REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0);
        conn = std::make_unique<Connection>(UniqueFd(fds[0]));
        peer = UniqueFd(fds[1]);
    }

    // The xids of the whole frames the peer can read now, in order.
    std::vector<std::uint64_t> arrived() {
        std::vector<std::uint64_t> xids;
        std::vector<std::uint8_t> bytes(1 << 20);
        std::size_t have = 0;
        for (ssize_t n; (n = ::recv(peer.get(), bytes.data() + have, bytes.size() - have, 0)) > 0;)
            have += static_cast<std::size_t>(n);
        std::size_t at = 0;
        while (have - at >= wire::kFrameHeaderSize) {
            wire::HeaderBytes head;
            std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(at), head.size(), head.begin());
            wire::FrameHeader h;
            REQUIRE(wire::decode_header(head, wire::kDefaultMaxMessageSize, h) == nullptr);
            at += head.size() + h.total();
            REQUIRE(at <= have);
            xids.push_back(h.xid);
        }
        CHECK(at == have);
        return xids;
    }

    std::unique_ptr<Connection> conn;
    UniqueFd peer;
};

const std::vector<std::uint8_t> kMessage(40, 7);

bool send_with_bulk(Connection& c, std::uint64_t xid, std::size_t bulk_size) {
    std::string bulk(bulk_size, 'b');
    const iovec iov{bulk.data(), bulk.size()};
    return c.send(xid, kMessage, {&iov, 1});
}

}  // namespace

TEST_CASE("transport: a frame is sent at once without HeldSends") {
    Pair p;
    CHECK(p.conn->send(1, kMessage));
    CHECK(p.arrived() == std::vector<std::uint64_t>{1});
}

TEST_CASE("transport: small frames sent under HeldSends leave together, in order, when it ends") {
    Pair p;
    {
        HeldSends held(*p.conn);
        CHECK(p.conn->send(1, kMessage));
        CHECK(send_with_bulk(*p.conn, 2, 4096));
        CHECK(p.conn->send(3, kMessage));
        CHECK(p.arrived().empty());
    }
    CHECK(p.arrived() == std::vector<std::uint64_t>{1, 2, 3});
}

TEST_CASE("transport: a large frame under HeldSends goes at once, after the frames held before it") {
    Pair p;
    HeldSends held(*p.conn);
    CHECK(p.conn->send(1, kMessage));
    CHECK(send_with_bulk(*p.conn, 2, transport::kHeldFrameMax));
    CHECK(p.arrived() == std::vector<std::uint64_t>{1, 2});
}

TEST_CASE("transport: held frames leave once kHeldFlushBytes gathered") {
    Pair p;
    HeldSends held(*p.conn);
    std::uint64_t xid = 0;
    for (std::size_t sent = 0; sent < transport::kHeldFlushBytes; sent += 4096 + kMessage.size())
        CHECK(send_with_bulk(*p.conn, ++xid, 4096));
    CHECK(p.arrived().size() == xid);
}

TEST_CASE("transport: another thread's frames are not held") {
    Pair p;
    HeldSends held(*p.conn);
    CHECK(p.conn->send(1, kMessage));
    std::thread other([&] { CHECK(p.conn->send(2, kMessage)); });
    other.join();
    CHECK(p.arrived() == std::vector<std::uint64_t>{1, 2});  // what was held goes first
}

TEST_CASE("transport: held frames on a connection that broke are dropped; sends fail from then on") {
    Pair p;
    {
        HeldSends held(*p.conn);
        CHECK(p.conn->send(1, kMessage));
        p.conn->shutdown();
        CHECK_FALSE(p.conn->send(2, kMessage));
    }
    CHECK(p.arrived().empty());
}
