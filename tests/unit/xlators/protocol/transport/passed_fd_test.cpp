// Descriptors passed with frames over a unix socketpair: Connection::send_with_fd flags the
// frame and passes the descriptor; a FrameReader that takes descriptors hands it to that frame,
// after any frames sent before it; one that takes none, or a flagged frame whose descriptor
// never came, is a protocol error.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/xlators/protocol/transport/connection.hpp"
#include "core/xlators/protocol/transport/frame_reader.hpp"

namespace {

using namespace booster;
using booster::transport::Connection;
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

struct Pair {
    Pair() {
        int fds[2];
        REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0);
        conn = std::make_unique<Connection>(UniqueFd(fds[0]));
        peer = UniqueFd(fds[1]);
    }
    std::unique_ptr<Connection> conn;
    UniqueFd peer;
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

const std::vector<std::uint8_t> kMessage(40, 7);

}  // namespace

TEST_CASE("passed fd: a flagged frame takes the descriptor sent with it; frames before it take none") {
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

TEST_CASE("passed fd: a reader that takes no descriptors refuses a flagged frame") {
    Pair p;
    UniqueFd file = scratch_file();
    REQUIRE(p.conn->send_with_fd(1, kMessage, file.get()));
    FrameReader reader(wire::kDefaultMaxMessageSize);
    Collected got;
    CHECK(reader.read_from(p.peer.get(), got) == FrameReader::Outcome::kProtocolError);
    CHECK(std::string(reader.error()) == "a descriptor passed to a peer that takes none");
    CHECK(got.frames.empty());
}

TEST_CASE("passed fd: a flagged frame whose descriptor did not come is a protocol error") {
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

TEST_CASE("passed fd: a peer that floods descriptors past kMaxQueuedFds is a protocol error") {
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
