#include "core/xlators/features/locks/range_lock_space.hpp"

#include <fcntl.h>

#include <cinttypes>
#include <cstdio>

namespace booster {

namespace {

const char* type_name(short type) {
    switch (type) {
        case F_RDLCK: return "read";
        case F_WRLCK: return "write";
        default: return "unlock";
    }
}

void dump_lock(std::string& out, std::string_view label, std::string_view state, const RangeLock& l) {
    char line[256];
    char end[24] = "eof";
    if (l.range.end != LockRange::kToEof) std::snprintf(end, sizeof end, "%" PRId64, l.range.end);
    std::snprintf(line, sizeof line, "%.*s %.*s %s %" PRId64 "-%s client=%016" PRIx64 " owner=%016" PRIx64 " pid=%d\n",
                  static_cast<int>(label.size()), label.data(), static_cast<int>(state.size()), state.data(),
                  type_name(l.type), l.range.start, end, l.owner.client, l.owner.owner, static_cast<int>(l.pid));
    out += line;
}

}  // namespace

LockOutcome RangeLockSpace::lock(const RangeLock& want, RangeWaiter* waiter, Aftermath& after) {
    if (want.type != F_UNLCK && held_.conflict(want) != nullptr) {
        if (waiter == nullptr) return LockOutcome::kConflict;
        waiting_.push(*waiter);
        return LockOutcome::kParked;
    }
    held_.apply(want);
    grant_waiters(after);
    return LockOutcome::kGranted;
}

void RangeLockSpace::drop_if(const std::function<bool(const RangeLock&)>& drop, Aftermath& after) {
    if (held_.drop_if(drop)) grant_waiters(after);
}

void RangeLockSpace::grant_waiters(Aftermath& after) {
    waiting_.grant(
        [this](const RangeLock& want) {
            if (held_.conflict(want) != nullptr) return false;
            held_.apply(want);
            return true;
        },
        after);
}

void RangeLockSpace::dump(std::string& out, std::string_view label) const {
    for (const RangeLock& l : held_.held()) dump_lock(out, label, "held", l);
    for (const RangeWaiter* w : waiting_.waiting()) dump_lock(out, label, "waiting", w->want);
}

}  // namespace booster
