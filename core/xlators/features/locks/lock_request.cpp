#include "core/xlators/features/locks/lock_request.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace booster {

Status check_lock_type(short type) {
    if (type != F_RDLCK && type != F_WRLCK && type != F_UNLCK) return fail(EINVAL);
    return ok();
}

Result<LockRange> requested_range(const Flock& lock, std::optional<std::int64_t> size) {
    std::int64_t base = 0;
    switch (lock.whence) {
        case SEEK_SET: break;
        case SEEK_END:
            if (!size) return fail(EINVAL);
            base = *size;
            break;
        default: return fail(EINVAL);
    }
    std::int64_t start = 0;
    if (__builtin_add_overflow(base, lock.start, &start)) return fail(EOVERFLOW);
    LockRange r;
    if (lock.len > 0) {
        r.start = start;
        if (__builtin_add_overflow(start, lock.len - 1, &r.end)) return fail(EOVERFLOW);
    } else if (lock.len < 0) {
        r.end = start - 1;
        if (__builtin_add_overflow(start, lock.len, &r.start)) return fail(EINVAL);
    } else {
        r.start = start;
    }
    if (r.start < 0) return fail(EINVAL);
    return r;
}

Flock reply_of(const RangeLock& lock, LockKind kind) {
    Flock f;
    f.type = lock.type;
    f.whence = SEEK_SET;
    f.start = lock.range.start;
    f.len = lock.range.end == LockRange::kToEof ? 0 : lock.range.end - lock.range.start + 1;
    f.pid = lock.pid;
    f.owner = lock.owner.owner;
    f.kind = kind;
    return f;
}

}  // namespace booster
