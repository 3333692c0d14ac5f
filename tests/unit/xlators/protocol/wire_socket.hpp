// WireSocket: a protocol/client spoken by hand over a unix socket, for tests that need a
// client the real one would never be (vanishing mid-call, another uid in a forked child).
// No doctest inside: every step answers whether it worked. One thread at a time.
#pragma once

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "core/xlators/protocol/wire/call_codec.hpp"
#include "core/xlators/protocol/wire/frame_header.hpp"

namespace booster::test {

class WireSocket {
public:
    WireSocket() : fd_(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) {}
    ~WireSocket() { ::close(fd_); }
    // Connects and completes the handshake (no secret).
    bool open(const std::string& path) {
        sockaddr_un sun{};
        sun.sun_family = AF_UNIX;
        std::strncpy(sun.sun_path, path.c_str(), sizeof(sun.sun_path) - 1);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&sun), sizeof(sun)) != 0 || !receive()) return false;
        wire::encode_hello(builder_, "raw", {});
        return send(0) && receive().has_value();
    }
    wire::Builder& builder() { return builder_; }
    bool send(std::uint64_t xid) {
        wire::FrameHeader h;
        h.message_size = builder_.GetSize();
        h.xid = xid;
        const auto head = wire::encode_header(h);
        return ::write(fd_, head.data(), head.size()) == static_cast<ssize_t>(head.size()) &&
               ::write(fd_, builder_.GetBufferPointer(), builder_.GetSize()) == static_cast<ssize_t>(builder_.GetSize());
    }
    std::optional<std::vector<std::uint8_t>> receive() {
        wire::HeaderBytes head;
        wire::FrameHeader h;
        if (!read_exactly(head.data(), head.size()) ||
            wire::decode_header(head, wire::kDefaultMaxMessageSize, h) != nullptr)
            return std::nullopt;
        std::vector<std::uint8_t> body(h.total());
        if (!read_exactly(body.data(), body.size())) return std::nullopt;
        return body;
    }

private:
    bool read_exactly(std::uint8_t* at, std::size_t n) {
        while (n > 0) {
            const ssize_t got = ::read(fd_, at, n);
            if (got <= 0) return false;
            at += got;
            n -= static_cast<std::size_t>(got);
        }
        return true;
    }
    int fd_;
    wire::Builder builder_;
};

}  // namespace booster::test
