// Connection: one connected, non-blocking socket and the sending half of the protocol.
//
// send() writes one whole frame (header, message, bulk data from the caller's buffers, no copy)
// with sendmsg, holding the connection's send mutex, so frames of concurrent senders never
// interleave. A peer that stops reading stalls a sender at most kSendStall; then, or on any
// socket error, the connection is broken: every later send fails at once, and shutdown()
// wakes the reader so that the owner tears it down.
// Thread-safety: send/shutdown/broken from any thread; the reading half (frame_reader.hpp) is
// the event thread's alone.
#pragma once

#include <sys/uio.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <span>

#include "core/xlators/protocol/wire/frame_header.hpp"
#include "core/xlators/storage/posix/unique_fd.hpp"

namespace booster::transport {

inline constexpr std::chrono::seconds kSendStall{30};

class Connection {
public:
    explicit Connection(UniqueFd fd) : fd_(std::move(fd)) {}
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    int fd() const { return fd_.get(); }
    // False when the frame could not be sent (the connection is then broken).
    bool send(std::uint64_t xid, std::span<const std::uint8_t> message, std::span<const iovec> bulk = {});
    // Ends both directions: the event thread sees end-of-file and tears the connection down.
    void shutdown();
    bool broken() const { return broken_.load(std::memory_order_acquire); }

private:
    bool send_all(std::span<iovec> parts);

    UniqueFd fd_;
    std::mutex send_mu_;
    std::atomic<bool> broken_{false};
};

}  // namespace booster::transport
