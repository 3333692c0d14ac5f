// Spliced reads: how protocol/server answers a readv without copying the file's bytes. The
// translators below put them in this thread's pipe (Xlator::read_to_pipe: storage/posix
// splices them from the file, features/locks passes the call on) and the connection splices
// them on into the socket (Connection::send_spliced): the brick copies nothing, where a readv
// into a buffer and a send of it copy every byte twice.
// A read goes this way when it is large enough to gain (kSpliceMin), has no RWF_* flags and
// fits the pipe; and a translator below that does not pass reads through untouched answers
// ENOTSUP, as does an O_DIRECT fd. Otherwise, or when the read fails (the pipe is then
// emptied), try_spliced_read() leaves the call to readv, which answers as before.
// Thread-safety: any thread that serves fops; each has its own pipe.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>

#include "core/engine/fd.hpp"
#include "core/engine/request.hpp"

namespace booster {

class ClientSession;

namespace serve {

// Below this a copy costs less than the pipe's system calls.
inline constexpr std::size_t kSpliceMin = 64 * 1024;

// True when the read's reply was sent (or its connection broke trying).
bool try_spliced_read(ClientSession& session, std::uint64_t xid, const Request& req, Fd& fd, std::size_t length,
                      off_t offset, unsigned flags);

}  // namespace serve
}  // namespace booster
