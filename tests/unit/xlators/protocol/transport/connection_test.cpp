// transport::Connection and HeldSends over a socketpair: what the peer can read, and when;
// spliced frames, their SplicePipe, and NoSigpipe; descriptors passed with frames
// (send_with_fd) and a FrameReader's taking of them: the flagged frame takes the descriptor sent
// with it, after any frames sent before it; a reader that takes none, a flagged frame whose
// descriptor never came, and a flood of unclaimed descriptors are protocol errors.
#include "core/xlators/protocol/transport/connection.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/xlators/protocol/transport/frame_reader.hpp"
#include "core/xlators/protocol/transport/no_sigpipe.hpp"
#include "core/xlators/protocol/transport/splice_pipe.hpp"

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

namespace {

// A pipe holding `bytes`, read by send_spliced.
booster::transport::SplicePipe pipe_holding(const std::string& bytes) {
    auto pipe = booster::transport::SplicePipe::open();
    REQUIRE(pipe.has_value());
    REQUIRE(::write(pipe->write_end(), bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
    return std::move(*pipe);
}

// `bytes` from the pipe, as send_spliced takes them.
Connection::PipedBytes from(const booster::transport::SplicePipe& pipe, std::size_t bytes) {
    return {pipe.read_end(), bytes};
}

// The bulk data of the second frame the peer of `p` receives, after a first one of kMessage
// alone; checks that the second frame's header says `bulk_size` and carries `xid`.
std::string second_frames_bulk(Pair& p, std::uint64_t xid, std::size_t bulk_size) {
    std::string got(wire::kFrameHeaderSize * 2 + kMessage.size() * 2 + bulk_size, '\0');
    REQUIRE(::recv(p.peer.get(), got.data(), got.size(), MSG_WAITALL) == static_cast<ssize_t>(got.size()));
    wire::HeaderBytes head;
    const std::size_t second = wire::kFrameHeaderSize + kMessage.size();
    std::copy_n(got.begin() + static_cast<std::ptrdiff_t>(second), head.size(), head.begin());
    wire::FrameHeader h;
    REQUIRE(wire::decode_header(head, wire::kDefaultMaxMessageSize, h) == nullptr);
    CHECK(h.xid == xid);
    CHECK(h.bulk_size == bulk_size);
    return got.substr(second + head.size() + kMessage.size());
}

}  // namespace

TEST_CASE("transport: a spliced frame carries the pipe's bytes as its bulk data, after the held frames") {
    Pair p;
    std::string bulk(48 * 1024, '\0');
    for (std::size_t i = 0; i < bulk.size(); ++i) bulk[i] = static_cast<char>(i * 7);
    auto pipe = pipe_holding(bulk);
    {
        HeldSends held(*p.conn);
        CHECK(p.conn->send(1, kMessage));
        const Connection::PipedBytes part = from(pipe, bulk.size());
        CHECK(p.conn->send_spliced(2, kMessage, {&part, 1}));
    }
    CHECK(second_frames_bulk(p, 2, bulk.size()) == bulk);
}

TEST_CASE("transport: a spliced frame from two pipes carries the first pipe's bytes, then the second's") {
    Pair p;
    const std::string first(40 * 1024, 'a');
    const std::string second = "and the last few bytes";
    auto one = pipe_holding(first);
    auto two = pipe_holding(second);
    CHECK(p.conn->send(1, kMessage));
    const Connection::PipedBytes parts[] = {from(one, first.size()), from(two, second.size())};
    CHECK(p.conn->send_spliced(3, kMessage, parts));
    CHECK(second_frames_bulk(p, 3, first.size() + second.size()) == first + second);
}

TEST_CASE("transport: a spliced frame whose pipe holds too little breaks the connection") {
    Pair p;
    auto pipe = pipe_holding("short");
    const Connection::PipedBytes part = from(pipe, 100);
    CHECK_FALSE(p.conn->send_spliced(1, kMessage, {&part, 1}));
    CHECK(p.conn->broken());
    CHECK_FALSE(p.conn->send(2, kMessage));
}

TEST_CASE("transport: a spliced frame to a peer that is gone fails; the connection is broken") {
    Pair p;
    auto pipe = pipe_holding(std::string(4096, 's'));
    p.peer = UniqueFd();
    const Connection::PipedBytes part = from(pipe, 4096);
    CHECK_FALSE(p.conn->send_spliced(1, kMessage, {&part, 1}));
    CHECK(p.conn->broken());
}

// Without the guard the write below would end this test process.
TEST_CASE("transport: under NoSigpipe a write to a pipe nobody reads fails with EPIPE and leaves no SIGPIPE") {
    int ends[2];
    REQUIRE(::pipe(ends) == 0);
    ::close(ends[0]);
    {
        transport::NoSigpipe quiet;
        const ssize_t wrote = ::write(ends[1], "x", 1);
        const int error = errno;
        CHECK(wrote == -1);
        CHECK(error == EPIPE);
    }
    ::close(ends[1]);
    sigset_t pending;
    sigemptyset(&pending);
    REQUIRE(sigpending(&pending) == 0);
    CHECK(sigismember(&pending, SIGPIPE) == 0);
}

TEST_CASE("transport: a splice pipe takes a read by the pages it spans") {
    auto pipe = booster::transport::SplicePipe::open();
    REQUIRE(pipe.has_value());
    const std::size_t capacity = pipe->capacity();
    REQUIRE(capacity >= 64 * 1024);
    CHECK(pipe->room(0) == capacity);
    CHECK(pipe->room(1) == capacity - 1);  // a capacity's worth from byte 1 would span one page more
    CHECK(pipe->room(4095) == capacity - 4095);
    CHECK(pipe->room(4096) == capacity);
}

namespace {

using booster::transport::Frame;
using booster::transport::FrameReader;

struct Collected final : transport::FrameHandler {
    const char* bulk_target(const wire::FrameHeader&, std::span<const iovec>&) override { return nullptr; }
    const char* on_frame(Frame frame) override {
        frames.push_back(std::move(frame));
        return nullptr;
    }
    std::vector<Frame> frames;
};

// A temporary file, unlinked at once: only its descriptor names it.
UniqueFd scratch_file() {
    char name[] = "/tmp/booster-passed-XXXXXX";
    UniqueFd fd(::mkstemp(name));
    REQUIRE(fd);
    ::unlink(name);
    return fd;
}

bool same_file(int a, int b) {
    struct stat sa {}, sb {};
    return ::fstat(a, &sa) == 0 && ::fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

}  // namespace

TEST_CASE("transport: passed fd: a flagged frame takes the descriptor sent with it; frames before it take none") {
    Pair p;
    UniqueFd file = scratch_file();
    REQUIRE(p.conn->send(1, kMessage));
    REQUIRE(p.conn->send_with_fd(2, kMessage, file.get()));
    REQUIRE(p.conn->send(3, kMessage));
    FrameReader reader(wire::kDefaultMaxMessageSize, FrameReader::Fds::kTaken);
    Collected got;
    CHECK(reader.read_from(p.peer.get(), got) == FrameReader::Outcome::kOpen);
    REQUIRE(got.frames.size() == 3);
    CHECK(!got.frames[0].passed_fd);
    CHECK(got.frames[1].header.flags == wire::kFramePassesFd);
    REQUIRE(got.frames[1].passed_fd);
    CHECK(got.frames[1].passed_fd.get() != file.get());
    CHECK(same_file(got.frames[1].passed_fd.get(), file.get()));
    CHECK((::fcntl(got.frames[1].passed_fd.get(), F_GETFD) & FD_CLOEXEC) != 0);
    CHECK(!got.frames[2].passed_fd);
}

TEST_CASE("transport: passed fd: a reader that takes no descriptors refuses a flagged frame") {
    Pair p;
    UniqueFd file = scratch_file();
    REQUIRE(p.conn->send_with_fd(1, kMessage, file.get()));
    FrameReader reader(wire::kDefaultMaxMessageSize);
    Collected got;
    CHECK(reader.read_from(p.peer.get(), got) == FrameReader::Outcome::kProtocolError);
    CHECK(std::string(reader.error()) == "a descriptor passed to a peer that takes none");
    CHECK(got.frames.empty());
}

TEST_CASE("transport: passed fd: a flagged frame whose descriptor did not come is a protocol error") {
    Pair p;
    wire::FrameHeader h;
    h.flags = wire::kFramePassesFd;
    h.message_size = static_cast<std::uint32_t>(kMessage.size());
    h.xid = 1;
    const wire::HeaderBytes head = wire::encode_header(h);
    REQUIRE(::send(p.peer.get(), head.data(), head.size(), 0) == static_cast<ssize_t>(head.size()));
    REQUIRE(::send(p.peer.get(), kMessage.data(), kMessage.size(), 0) == static_cast<ssize_t>(kMessage.size()));
    FrameReader reader(wire::kDefaultMaxMessageSize, FrameReader::Fds::kTaken);
    Collected got;
    CHECK(reader.read_from(p.conn->fd(), got) == FrameReader::Outcome::kProtocolError);
    CHECK(std::string(reader.error()) == "frame announces a descriptor that did not come");
}

TEST_CASE("transport: passed fd: a peer that floods descriptors past kMaxQueuedFds is a protocol error") {
    Pair p;
    UniqueFd file = scratch_file();
    // Descriptors with unflagged frames: none claims them, so they queue up.
    const int fd = file.get();
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
    for (std::size_t i = 0; i <= transport::kMaxQueuedFds; ++i) {
        wire::FrameHeader h;
        h.message_size = static_cast<std::uint32_t>(kMessage.size());
        h.xid = i + 1;
        const wire::HeaderBytes head = wire::encode_header(h);
        iovec iov[2] = {{const_cast<std::uint8_t*>(head.data()), head.size()},
                        {const_cast<std::uint8_t*>(kMessage.data()), kMessage.size()}};
        msghdr msg{};
        msg.msg_iov = iov;
        msg.msg_iovlen = 2;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        cmsghdr* c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        std::memcpy(CMSG_DATA(c), &fd, sizeof fd);
        REQUIRE(::sendmsg(p.peer.get(), &msg, 0) == static_cast<ssize_t>(head.size() + kMessage.size()));
    }
    FrameReader reader(wire::kDefaultMaxMessageSize, FrameReader::Fds::kTaken);
    Collected got;
    CHECK(reader.read_from(p.conn->fd(), got) == FrameReader::Outcome::kProtocolError);
    CHECK(std::string(reader.error()) == "descriptors passed beyond what the reader takes");
}
