// FrameReader: the receiving half of a connection, a state machine fed by a non-blocking socket.
//
// It reads into a staging buffer, decodes each frame header and refuses a frame over the limit
// before reading its body, copies the message into its own 8-byte-aligned storage (so that the
// FlatBuffer can be read in place), and delivers bulk data either to iovecs the handler names
// for that frame (a readv reply lands straight in the caller's buffers; beyond what the staging
// buffer already held, the socket is read directly into them) or into a buffer the frame owns.
// A reader made to take descriptors (a client of a unix-socket brick that lends them) queues
// each descriptor that arrives (numbered high: high_descriptor.hpp); a frame flagged
// kFramePassesFd takes the oldest (the sender passes it with the frame's first byte or
// before). A flagged frame with none queued, more than kMaxQueuedFds waiting, or a flagged
// frame at a reader that takes none is a protocol error. A reader that takes none reads
// without room for them: the kernel closes any descriptor sent to it.
// Thread-safety: one reader per connection, used by the event thread only.
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <vector>

#include "core/xlators/protocol/wire/frame_header.hpp"
#include "core/xlators/storage/posix/unique_fd.hpp"

namespace booster::transport {

struct Frame {
    wire::FrameHeader header;
    std::unique_ptr<std::uint64_t[]> message_words;  // the Message, 8-byte aligned
    std::unique_ptr<std::uint8_t[]> bulk;            // null when the bulk went to the handler's iovecs
    UniqueFd passed_fd;                              // the descriptor of a kFramePassesFd frame

    std::span<const std::uint8_t> message() const {
        return {reinterpret_cast<const std::uint8_t*>(message_words.get()), header.message_size};
    }
    std::span<std::uint8_t> bulk_bytes() const { return {bulk.get(), bulk ? header.bulk_size : 0u}; }
};

class FrameHandler {
public:
    virtual ~FrameHandler() = default;
    // Where the bulk data of the frame with this header goes; empty = a buffer of the frame's
    // own. Null, or why the frame is refused (a protocol error).
    virtual const char* bulk_target(const wire::FrameHeader& header, std::span<const iovec>& target) = 0;
    // A whole frame. Null, or why it is refused (a protocol error).
    virtual const char* on_frame(Frame frame) = 0;
};

inline constexpr std::size_t kMaxQueuedFds = 64;

class FrameReader {
public:
    enum class Fds { kRefused, kTaken };
    explicit FrameReader(std::size_t max_total, Fds fds = Fds::kRefused);

    enum class Outcome { kOpen, kClosed, kProtocolError };
    // Reads what the socket holds and delivers every whole frame. kClosed: end of file or a
    // socket error. kProtocolError: `error()` says why.
    Outcome read_from(int fd, FrameHandler& handler);
    const char* error() const { return error_; }

private:
    enum class State { kHeader, kMessage, kBulk };
    // Consumes staged bytes; false on a protocol error.
    bool consume(FrameHandler& handler);
    bool start_frame(FrameHandler& handler);
    bool finish_frame(FrameHandler& handler);
    std::size_t take_staged(void* to, std::size_t want);
    // Reads the rest of the bulk straight from the socket into its destination.
    Outcome read_bulk_direct(int fd, FrameHandler& handler);
    // Moves the oldest queued descriptor into the frame being read; false (error_ set) if none.
    bool take_passed_fd();
    // recv(2) into `iov`, queueing the descriptors that come with the bytes when fds_ is kTaken.
    // The bytes read, or -1 with errno (EPROTO, error_ set: a descriptor could not be taken).
    ssize_t receive(int fd, const iovec* iov, std::size_t count);

    const std::size_t max_total_;
    const Fds fds_;
    std::deque<UniqueFd> queued_fds_;
    std::unique_ptr<std::uint8_t[]> staging_;
    std::size_t staged_begin_ = 0;
    std::size_t staged_end_ = 0;
    State state_ = State::kHeader;
    Frame frame_;
    std::size_t message_done_ = 0;
    std::vector<iovec> bulk_target_;  // remaining destination of the current bulk
    std::size_t bulk_left_ = 0;
    const char* error_ = nullptr;
};

}  // namespace booster::transport
