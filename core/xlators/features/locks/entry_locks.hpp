// EntryLocks: the entry locks held on one directory in one entrylk domain.
//
// An entry lock names a basename in the directory, or the whole directory (empty basename).
// Two locks of different owners conflict when they name the same entry, or either names the
// whole directory, and either is a write lock. An owner locking a name it already holds
// changes that lock's type.
// Value type; the owner of the set (InodeLocks) serialises access with its mutex.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/fop_types.hpp"
#include "core/xlators/features/locks/range_locks.hpp"

namespace booster {

struct EntryLock {
    LockOwner owner;
    std::string basename;  // empty: the whole directory
    EntryLockType type = EntryLockType::kRead;
};

class EntryLocks {
public:
    // The first held lock `want` conflicts with, or null.
    const EntryLock* conflict(const EntryLock& want) const;
    // Takes `want` for its owner, or changes the type of the owner's lock on that name.
    void apply(const EntryLock& want);
    // Drops every lock `drop` selects; whether any went.
    bool drop_if(const std::function<bool(const EntryLock&)>& drop);

    const std::vector<EntryLock>& held() const { return held_; }
    bool empty() const { return held_.empty(); }

private:
    std::vector<EntryLock> held_;
};

// One line of a statedump: `label`, the name (* for the whole directory), `state`, the type
// and the owner.
void dump_lock(std::string& out, std::string_view label, std::string_view state, const EntryLock& l);

}  // namespace booster
