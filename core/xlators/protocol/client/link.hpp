// Link: one established connection of protocol/client to its brick (after the handshake).
//
// Many requests are in flight at once, each under its own xid in the pending map; replies are
// matched by xid on the event thread, which decodes them (a readv reply's data is read
// straight into the caller's iovecs) and resumes the waiting fop right there, with no other
// thread hop. A dead link (end of file, socket error, malformed frame, ping timeout) fails
// every pending call with ENOTCONN, and any call started afterwards at once.
// Replies are read by one thread at a time, whoever holds the reading turn (begin_reading): the
// event thread, or a thread waiting for a reply of its own, which pumps the link (Link is its
// CompletionPump; Channel::read_while_waiting) so that no thread has to be woken for it.
// Thread-safety: start/ping from any thread; the FrameHandler methods and the reader by the
// holder of the reading turn only; fail_all from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <unordered_map>

#include "core/engine/completion_wait.hpp"
#include "core/xlators/protocol/client/pending_call.hpp"
#include "core/xlators/protocol/transport/connection.hpp"
#include "core/xlators/protocol/transport/frame_reader.hpp"

namespace booster {

class Channel;

class Link final : public transport::FrameHandler, public CompletionPump, public std::enable_shared_from_this<Link> {
public:
    // `fds`: whether the brick may lend descriptors on this link (short-circuit I/O asked).
    Link(UniqueFd fd, std::size_t max_frame, std::uint64_t generation, std::weak_ptr<Channel> channel,
         transport::FrameReader::Fds fds);

    const std::uint64_t generation;
    transport::Connection& connection() { return connection_; }
    transport::FrameReader& reader() { return reader_; }

    // Registers `call` and sends its frame. False when the call was completed here (link dead
    // or send failed: ENOTCONN), so the caller continues without suspending. Once registered,
    // the call may complete on the event thread and its coroutine drop the last reference to
    // this Link before the send returns: start keeps the Link alive until it returns.
    bool start(PendingCall& call, std::span<const std::uint8_t> message, std::span<const iovec> bulk);
    // A frame that expects no reply (release).
    void post(std::span<const std::uint8_t> message);
    bool ping();
    // Fails every pending call (resuming each on this thread); later calls fail at once.
    void fail_all(int errnum);
    std::chrono::steady_clock::time_point last_heard() const;

    const char* bulk_target(const wire::FrameHeader& header, std::span<const iovec>& target) override;
    const char* on_frame(transport::Frame frame) override;

    // The reading turn: true when this thread now holds it (and must end it).
    bool begin_reading() { return !reading_.exchange(true, std::memory_order_acquire); }
    void end_reading() { reading_.store(false, std::memory_order_release); }
    // What a waiter's read found wrong with the link (Outcome::kOpen: nothing), for the event
    // thread to act on as if it had read it. Holder of the reading turn only.
    transport::FrameReader::Outcome broken = transport::FrameReader::Outcome::kOpen;

    void pump_until(const std::atomic<unsigned>& done, std::chrono::steady_clock::time_point until) override;

private:
    PendingCall* take(std::uint64_t xid);

    const std::weak_ptr<Channel> channel_;
    std::atomic<bool> reading_{false};
    transport::Connection connection_;
    transport::FrameReader reader_;
    std::atomic<std::chrono::steady_clock::rep> last_heard_;
    std::mutex mu_;
    std::unordered_map<std::uint64_t, PendingCall*> pending_;  // guarded by mu_
    std::uint64_t next_xid_ = 1;                               // guarded by mu_
    bool dead_ = false;                                        // guarded by mu_
};

}  // namespace booster
