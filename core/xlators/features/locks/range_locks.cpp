#include "core/xlators/features/locks/range_locks.hpp"

#include <fcntl.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>

namespace booster {

bool RangeLock::conflicts_with(const RangeLock& held) const {
    return type != F_UNLCK && !(owner == held.owner) && range.overlaps(held.range) &&
           (type == F_WRLCK || held.type == F_WRLCK);
}

const RangeLock* RangeLocks::conflict(const RangeLock& want) const {
    for (const RangeLock& held : held_)
        if (want.conflicts_with(held)) return &held;
    return nullptr;
}

void RangeLocks::apply(const RangeLock& request) {
    cut(request);
    if (request.type != F_UNLCK) insert_joined(request);
}

// Removes the request's bytes from every lock of its owner, keeping the parts outside them.
void RangeLocks::cut(const RangeLock& request) {
    std::vector<RangeLock> kept;
    kept.reserve(held_.size() + 1);
    for (const RangeLock& held : held_) {
        if (!(held.owner == request.owner) || !held.range.overlaps(request.range)) {
            kept.push_back(held);
            continue;
        }
        if (held.range.start < request.range.start) {
            RangeLock left = held;
            left.range.end = request.range.start - 1;
            kept.push_back(left);
        }
        if (held.range.end > request.range.end) {
            RangeLock right = held;
            right.range.start = request.range.end + 1;
            kept.push_back(right);
        }
    }
    held_ = std::move(kept);
}

// Inserts `lock` (its bytes already free of its owner's locks), joined with the owner's locks
// of the same type, taken through the same Fd, that it touches.
void RangeLocks::insert_joined(RangeLock lock) {
    std::erase_if(held_, [&](const RangeLock& held) {
        if (!(held.owner == lock.owner) || held.type != lock.type || held.via != lock.via ||
            !held.range.touches(lock.range))
            return false;
        lock.range.start = std::min(lock.range.start, held.range.start);
        lock.range.end = std::max(lock.range.end, held.range.end);
        return true;
    });
    auto at = std::upper_bound(held_.begin(), held_.end(), lock.range.start,
                               [](std::int64_t start, const RangeLock& held) { return start < held.range.start; });
    held_.insert(at, lock);
}

bool RangeLocks::drop_if(const std::function<bool(const RangeLock&)>& drop) {
    return std::erase_if(held_, drop) > 0;
}

namespace {

const char* type_name(short type) {
    switch (type) {
        case F_RDLCK: return "read";
        case F_WRLCK: return "write";
        default: return "unlock";
    }
}

}  // namespace

void dump_lock(std::string& out, std::string_view label, std::string_view state, const RangeLock& l) {
    char line[256];
    char end[24] = "eof";
    if (l.range.end != LockRange::kToEof) std::snprintf(end, sizeof end, "%" PRId64, l.range.end);
    std::snprintf(line, sizeof line, "%.*s %.*s %s %" PRId64 "-%s client=%016" PRIx64 " owner=%016" PRIx64 " pid=%d\n",
                  static_cast<int>(label.size()), label.data(), static_cast<int>(state.size()), state.data(),
                  type_name(l.type), l.range.start, end, l.owner.client, l.owner.owner, static_cast<int>(l.pid));
    out += line;
}

}  // namespace booster
