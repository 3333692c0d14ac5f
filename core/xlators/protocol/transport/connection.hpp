// Connection: one connected, non-blocking socket and the sending half of the protocol.
//
// send() writes one whole frame (header, message, bulk data from the caller's buffers, no copy)
// with sendmsg, holding the connection's send mutex, so frames of concurrent senders never
// interleave. While a HeldSends of the connection lives, the small frames its thread sends are
// copied aside instead and leave together, in one sendmsg, when it ends (or once
// kHeldFlushBytes gathered, or with the next large frame): the event thread holds the frames it
// sends while it handles what one wake-up brought (a brick's replies, the writes a client's
// replies let go), so a burst of frames costs one system call on each side. A peer that stops reading stalls a sender at most kSendStall; then, or on any
// socket error, the connection is broken: every later send fails at once, and shutdown()
// wakes the reader so that the owner tears it down. send_spliced() sends a frame whose bulk data
// waits in pipes (splice_pipe.hpp): the socket takes it from there by reference.
// Thread-safety: send/shutdown/broken from any thread; the reading half (frame_reader.hpp) is
// the event thread's alone.
#pragma once

#include <sys/uio.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "core/xlators/protocol/wire/frame_header.hpp"
#include "core/xlators/storage/posix/unique_fd.hpp"

namespace booster::transport {

inline constexpr std::chrono::seconds kSendStall{30};
inline constexpr std::size_t kHeldFrameMax = 16 * 1024;   // larger frames are never copied
inline constexpr std::size_t kHeldFlushBytes = 64 * 1024;

class Connection {
public:
    explicit Connection(UniqueFd fd) : fd_(std::move(fd)) {}
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    int fd() const { return fd_.get(); }
    // False when the frame could not be sent (the connection is then broken).
    bool send(std::uint64_t xid, std::span<const std::uint8_t> message, std::span<const iovec> bulk = {});
    // The same, lending `fd` with it (unix sockets only: SCM_RIGHTS; the peer gets a duplicate,
    // the caller keeps its own). The frame is flagged kFramePassesFd and never held.
    bool send_with_fd(std::uint64_t xid, std::span<const std::uint8_t> message, int fd);
    // The same, with the bulk data taken from pipes, in order: `bytes` from each read end
    // `pipe`; false (the connection then broken) also when a pipe held fewer.
    struct PipedBytes {
        int pipe;
        std::size_t bytes;
    };
    bool send_spliced(std::uint64_t xid, std::span<const std::uint8_t> message, std::span<const PipedBytes> bulk);
    // Ends both directions: the event thread sees end-of-file and tears the connection down.
    void shutdown();
    bool broken() const { return broken_.load(std::memory_order_acquire); }

private:
    friend class HeldSends;
    // Under send_mu_: sends `parts`, after the held frames; false (and broken) on failure.
    bool send_locked(std::span<iovec> parts, int pass_fd = -1);
    // `pass_fd` (>= 0) goes with the first byte sent.
    bool send_all(std::span<iovec> parts, int pass_fd = -1);
    // Under a NoSigpipe: a gone peer must cost EPIPE, not the process.
    bool splice_all(int pipe, std::size_t n);
    // Waits until the socket takes more; false after kSendStall or on an error.
    bool wait_writable();
    void hold(std::thread::id holder);
    void release_held();

    UniqueFd fd_;
    std::mutex send_mu_;
    std::atomic<bool> broken_{false};
    std::thread::id holder_;          // guarded by send_mu_: the thread whose frames are held
    std::vector<std::uint8_t> held_;  // guarded by send_mu_: whole frames not sent yet
};

// Holds the small frames this thread sends on `connection` until it ends (see above). The
// connection must outlive it; one at a time per connection (a second one holds nothing).
class HeldSends {
public:
    explicit HeldSends(Connection& connection) : connection_(connection) {
        connection_.hold(std::this_thread::get_id());
    }
    ~HeldSends() { connection_.release_held(); }
    HeldSends(const HeldSends&) = delete;
    HeldSends& operator=(const HeldSends&) = delete;

private:
    Connection& connection_;
};

}  // namespace booster::transport
