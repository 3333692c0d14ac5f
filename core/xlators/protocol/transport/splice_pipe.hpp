// SplicePipe: the pipe through which a brick moves a read's bytes from a file to a socket by
// reference (splice(2)): the file's pages enter the pipe, then the socket, and the brick copies
// none of them (a readv into a buffer and a send of it copy each byte twice).
//
// Each page a read spans takes one slot of the pipe, so room() says how much of a read from a
// given offset the pipe takes; a larger read continues in a second pipe (spliced_read.hpp).
// The pipe is empty between two replies; one that could not be sent whole leaves bytes
// behind, and clear() then replaces the pipe.
// Ownership: owns both ends. Thread-safety: one thread (protocol/server keeps two per thread).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <optional>

#include "core/xlators/storage/posix/unique_fd.hpp"

namespace booster::transport {

class SplicePipe {
public:
    // A pipe as large as this process may make one (2 MiB asked, the system's pipe-max-size
    // otherwise: 1 MiB by default); nullopt when no pipe can be made.
    static std::optional<SplicePipe> open();

    int read_end() const { return read_.get(); }
    int write_end() const { return write_.get(); }
    std::size_t capacity() const { return capacity_; }
    // How many bytes of a file from `offset` the empty pipe takes: its whole pages, less the
    // part of the first page before `offset`.
    std::size_t room(off_t offset) const;
    // Replaces the pipe with an empty one; false when none can be made (then room() is 0).
    bool clear();

private:
    SplicePipe() = default;

    UniqueFd read_;
    UniqueFd write_;
    std::size_t capacity_ = 0;
};

}  // namespace booster::transport
