// The bytes a caller's Flock names, and the Flock a reply carries, as fcntl(2) defines them:
// l_start from SEEK_SET or SEEK_END (the caller's file size), l_len 0 = to the end of the file
// however it grows, a negative l_len = the |l_len| bytes before l_start.
// SEEK_CUR is refused (EINVAL): the engine has no file position; the kernel (FUSE) and the
// preload resolve it before a lock reaches a translator.
// Pure functions.
#pragma once

#include <cstdint>
#include <optional>

#include "core/engine/fop_types.hpp"
#include "core/engine/result.hpp"
#include "core/xlators/features/locks/range_locks.hpp"

namespace booster {

// EINVAL for a type other than F_RDLCK, F_WRLCK, F_UNLCK.
Status check_lock_type(short type);
// `size` is needed for SEEK_END only (nullopt: EINVAL). EINVAL for a range that starts before
// byte 0, EOVERFLOW for one that ends past the largest offset.
Result<LockRange> requested_range(const Flock& lock, std::optional<std::int64_t> size);
// `lock` described as an F_GETLK reply (SEEK_SET; len 0 when it runs to the end of the file).
Flock reply_of(const RangeLock& lock, LockKind kind);

}  // namespace booster
