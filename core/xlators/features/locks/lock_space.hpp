// LockSpace: one namespace of locks on one inode, with its waiters. An inode has one for fcntl
// locks (POSIX and OFD), one for flock locks (whole-file, so a flock request is a range request
// over every byte), one per inodelk domain (RangeLockSpace) and one per entrylk domain
// (EntryLockSpace); they never see each other.
// A request that conflicts with no held lock is applied at once (an unlock conflicts with
// nothing), and the waiters the change lets through are granted; a conflicting request parks
// its waiter (when given) or is refused. Held: the lock set (RangeLocks or EntryLocks), with
// conflict, apply, drop_if and held, and a dump_lock for its lock type.
// Thread-safety: every method REQUIRES the owning inode's mutex (InodeLocks::mu).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/xlators/features/locks/aftermath.hpp"
#include "core/xlators/features/locks/entry_locks.hpp"
#include "core/xlators/features/locks/lock_outcome.hpp"
#include "core/xlators/features/locks/range_locks.hpp"
#include "core/xlators/features/locks/wait_list.hpp"
#include "core/xlators/features/locks/waiter.hpp"

namespace booster {

template <class Held, class Waiter>
class LockSpace {
public:
    using Lock = std::remove_const_t<decltype(Waiter::want)>;

    LockOutcome lock(const Lock& want, Waiter* waiter, Aftermath& after) {
        if (held_.conflict(want) != nullptr) {
            if (waiter == nullptr) return LockOutcome::kConflict;
            waiting_.push(*waiter);
            return LockOutcome::kParked;
        }
        held_.apply(want);
        // An unlock, or a write lock turned read, lets waiters in.
        grant_waiters(after);
        return LockOutcome::kGranted;
    }
    const Lock* conflict(const Lock& want) const { return held_.conflict(want); }
    // Drops the held locks `drop` selects and grants the waiters this lets through; whether
    // any went.
    bool drop_if(const std::function<bool(const Lock&)>& drop, Aftermath& after) {
        if (!held_.drop_if(drop)) return false;
        grant_waiters(after);
        return true;
    }
    // Cancels the waiters `pred` selects with `error`.
    void cancel_if(const std::function<bool(const Lock&)>& pred, int error, Aftermath& after) {
        waiting_.cancel_if(pred, error, after);
    }
    bool withdraw(const Parked& waiter, int error, Aftermath& after) { return waiting_.withdraw(waiter, error, after); }

    bool empty() const { return held_.empty() && waiting_.empty(); }
    // One line per held lock and per waiter, each starting with `label`.
    void dump(std::string& out, std::string_view label) const {
        for (const Lock& l : held_.held()) dump_lock(out, label, "held", l);
        for (const Waiter* w : waiting_.waiting()) dump_lock(out, label, "waiting", w->want);
    }

private:
    void grant_waiters(Aftermath& after) {
        waiting_.grant(
            [this](const Lock& want) {
                if (held_.conflict(want) != nullptr) return false;
                held_.apply(want);
                return true;
            },
            after);
    }

    Held held_;
    WaitList<Waiter> waiting_;
};

using RangeLockSpace = LockSpace<RangeLocks, RangeWaiter>;
using EntryLockSpace = LockSpace<EntryLocks, EntryWaiter>;

}  // namespace booster
