// RangeLockSpace: one namespace of byte-range locks on one inode, with its waiters. An inode
// has one for fcntl locks (POSIX and OFD), one for flock locks (whole-file, so a flock request
// is a range request over every byte), and one per inodelk domain; they never see each other.
// Thread-safety: every method REQUIRES the owning inode's mutex (InodeLocks::mu).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/xlators/features/locks/aftermath.hpp"
#include "core/xlators/features/locks/lock_outcome.hpp"
#include "core/xlators/features/locks/range_locks.hpp"
#include "core/xlators/features/locks/wait_list.hpp"
#include "core/xlators/features/locks/waiter.hpp"

namespace booster {

class RangeLockSpace {
public:
    // Applies `want` (an unlock is always granted); on a conflict parks `waiter` (when given,
    // its want being `want`) or refuses. Waiters that the change lets through are granted.
    LockOutcome lock(const RangeLock& want, RangeWaiter* waiter, Aftermath& after);
    const RangeLock* conflict(const RangeLock& want) const { return held_.conflict(want); }
    // Drops the held locks `drop` selects, and grants the waiters that this lets through.
    void drop_if(const std::function<bool(const RangeLock&)>& drop, Aftermath& after);
    // Cancels the waiters `pred` selects with `error`.
    void cancel_if(const std::function<bool(const RangeLock&)>& pred, int error, Aftermath& after) {
        waiting_.cancel_if(pred, error, after);
    }
    bool withdraw(const Parked& waiter, int error, Aftermath& after) { return waiting_.withdraw(waiter, error, after); }

    bool empty() const { return held_.empty() && waiting_.empty(); }
    // One line per held lock and per waiter, each starting with `label`.
    void dump(std::string& out, std::string_view label) const;

private:
    void grant_waiters(Aftermath& after);

    RangeLocks held_;
    WaitList<RangeWaiter> waiting_;
};

}  // namespace booster
