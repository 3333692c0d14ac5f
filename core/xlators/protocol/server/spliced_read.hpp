// Spliced reads: how protocol/server answers a readv without copying the file's bytes. The
// translators below put them in this thread's pipe (Xlator::read_to_pipe: storage/posix
// splices them from the file, features/locks passes the call on) and the connection splices
// them on into the socket (Connection::send_spliced): the brick copies nothing, where a readv
// into a buffer and a send of it copy every byte twice.
// A pipe holds at most fs.pipe-max-size (1 MiB by default) without CAP_SYS_RESOURCE, and a
// read of 1 MiB spans 257 pages unless it starts on a page; performance/io-cache streams ask
// one byte more than they want: so each thread has two pipes, and a read the first cannot take
// continues in the second.
// A read goes this way when it is large enough to gain (kSpliceMin), has no RWF_* flags and
// fits the two pipes; and a translator below that does not pass reads through untouched answers
// ENOTSUP, as does an O_DIRECT fd. Otherwise, or when the read fails (the pipes are then
// emptied), try_spliced_read() leaves the call to readv, which answers as before.
// Thread-safety: any thread that serves fops; each has its own pipes.
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
