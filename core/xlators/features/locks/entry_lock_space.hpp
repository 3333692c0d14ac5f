// EntryLockSpace: the entry locks of one directory in one entrylk domain, with their waiters.
//
// An entry lock names a basename in the directory, or the whole directory (empty basename).
// Two locks of different owners conflict when they name the same entry, or either names the
// whole directory, and either is a write lock. An owner locking a name it already holds
// changes that lock's type; unlocking a name the owner does not hold is EINVAL.
// Thread-safety: every method REQUIRES the owning inode's mutex (InodeLocks::mu).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/result.hpp"
#include "core/xlators/features/locks/aftermath.hpp"
#include "core/xlators/features/locks/lock_outcome.hpp"
#include "core/xlators/features/locks/wait_list.hpp"
#include "core/xlators/features/locks/waiter.hpp"

namespace booster {

class EntryLockSpace {
public:
    LockOutcome lock(const EntryLock& want, EntryWaiter* waiter, Aftermath& after);
    Status unlock(const LockOwner& owner, std::string_view basename, Aftermath& after);
    void drop_if(const std::function<bool(const EntryLock&)>& drop, Aftermath& after);
    void cancel_if(const std::function<bool(const EntryLock&)>& pred, int error, Aftermath& after) {
        waiting_.cancel_if(pred, error, after);
    }
    bool withdraw(const Parked& waiter, int error, Aftermath& after) { return waiting_.withdraw(waiter, error, after); }

    bool empty() const { return held_.empty() && waiting_.empty(); }
    void dump(std::string& out, std::string_view label) const;

private:
    bool conflicts(const EntryLock& want) const;
    void take(const EntryLock& want);
    void grant_waiters(Aftermath& after);

    std::vector<EntryLock> held_;
    WaitList<EntryWaiter> waiting_;
};

}  // namespace booster
