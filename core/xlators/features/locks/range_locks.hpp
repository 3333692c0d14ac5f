// RangeLocks: the byte-range locks held on one inode in one namespace (fcntl locks, flock locks,
// or one inodelk domain), with the kernel's rules for a lock request by an owner.
//
// An owner's request replaces what that owner holds on the requested bytes: F_UNLCK punches a
// hole (splitting a lock that spans it), F_RDLCK/F_WRLCK converts the bytes, and locks of one
// owner, one type and one Fd that touch or overlap are joined into one. Locks of different
// owners never change each other; a request conflicts with another owner's lock on a common
// byte when either of the two is a write lock. The same owner never conflicts with itself.
// Value type; the owner of the list (InodeLocks) serialises access with its mutex.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <limits>
#include <vector>

namespace booster {

// Who holds a lock: the client (mount, boosted process, remote peer) and its lock owner within
// it (a process for POSIX locks, an open file description for OFD and flock locks).
struct LockOwner {
    std::uint64_t client = 0;
    std::uint64_t owner = 0;
    bool operator==(const LockOwner&) const = default;
};

// Bytes [start, end], both included; end == kToEof: to the end of the file, however it grows.
struct LockRange {
    static constexpr std::int64_t kToEof = std::numeric_limits<std::int64_t>::max();

    std::int64_t start = 0;
    std::int64_t end = kToEof;

    bool overlaps(const LockRange& o) const { return start <= o.end && o.start <= end; }
    // Overlapping or adjacent: the two could be one range.
    bool touches(const LockRange& o) const {
        return overlaps(o) || (end != kToEof && end + 1 == o.start) || (o.end != kToEof && o.end + 1 == start);
    }
    static constexpr LockRange whole() { return {}; }
    bool operator==(const LockRange&) const = default;
};

struct RangeLock {
    LockOwner owner;
    short type = 0;  // F_RDLCK, F_WRLCK; F_UNLCK only in a request
    LockRange range;
    pid_t pid = 0;
    const void* via = nullptr;  // the Fd it was taken through (null: none, e.g. inodelk by path)

    // A lock of another owner that shares a byte, one of them a write lock (an unlock
    // conflicts with nothing).
    bool conflicts_with(const RangeLock& held) const;
};

class RangeLocks {
public:
    // The first held lock `want` conflicts with, or null.
    const RangeLock* conflict(const RangeLock& want) const;
    // Applies `request` (F_UNLCK, F_RDLCK or F_WRLCK) to what its owner holds; never fails.
    void apply(const RangeLock& request);
    // Drops every lock `drop` selects; whether any went.
    bool drop_if(const std::function<bool(const RangeLock&)>& drop);

    const std::vector<RangeLock>& held() const { return held_; }
    bool empty() const { return held_.empty(); }

private:
    void cut(const RangeLock& request);
    void insert_joined(RangeLock lock);

    std::vector<RangeLock> held_;  // ordered by start
};

// One line of a statedump: `label`, `state`, the type, the bytes, the owner and the pid.
void dump_lock(std::string& out, std::string_view label, std::string_view state, const RangeLock& l);

}  // namespace booster
