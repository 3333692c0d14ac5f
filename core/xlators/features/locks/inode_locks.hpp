// InodeLocks: features/locks' context on an inode: every lock held on it and every waiter, in
// their namespaces (fcntl, flock, one per inodelk domain, one per entrylk domain), under one
// per-inode mutex.
//
// Each operation takes the mutex, changes what it must, grants the waiters the change lets
// through, and leaves in the caller's Aftermath the wake-ups to run once the mutex is let go.
// While anything is held or waiting the context holds a reference on its own inode, so that
// an inode locked by path only (inodelk, entrylk) is not forgotten with its locks; the last
// unlock hands that reference to the Aftermath. Empty domains are removed.
// Ownership: the inode's context slot owns it; it registers itself in the translator's
// LockRegistry for its lifetime.
// Thread-safety: any thread; never called with the mutex held (it is private).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/engine/ctx.hpp"
#include "core/engine/inode.hpp"
#include "core/engine/result.hpp"
#include "core/xlators/features/locks/aftermath.hpp"
#include "core/xlators/features/locks/lock_outcome.hpp"
#include "core/xlators/features/locks/lock_registry.hpp"
#include "core/xlators/features/locks/lock_space.hpp"

namespace booster {

enum class RangeSpace { kFcntl, kFlock, kInodelk };

class InodeLocks final : public Ctx {
public:
    InodeLocks(Inode& inode, LockRegistry& registry);
    ~InodeLocks() override;
    InodeLocks(const InodeLocks&) = delete;
    InodeLocks& operator=(const InodeLocks&) = delete;

    // `domain` names the inodelk domain (ignored for fcntl and flock).
    LockOutcome lock_range(RangeSpace space, std::string_view domain, const RangeLock& want, RangeWaiter* waiter,
                           Aftermath& after);
    // The first lock `want` conflicts with (F_GETLK).
    std::optional<RangeLock> conflict(RangeSpace space, const RangeLock& want) const;

    LockOutcome lock_entry(std::string_view domain, const EntryLock& want, EntryWaiter* waiter, Aftermath& after);
    Status unlock_entry(std::string_view domain, const LockOwner& owner, std::string_view basename, Aftermath& after);

    // close(2) by `owner`: its fcntl locks go (not its flock or internal locks).
    void drop_fcntl_of(const LockOwner& owner, Aftermath& after);
    // The release of an Fd: the fcntl and flock locks taken through it go.
    void drop_via(const void* fd, Aftermath& after);
    // An interrupted request: `waiter`, if it still waits in any namespace, leaves it and is
    // woken with `error`; a waiter granted meanwhile keeps its lock.
    void withdraw(const Parked& waiter, int error, Aftermath& after);
    // Every lock of the owners `gone` selects goes, in every namespace; their waiters are
    // cancelled with `error`.
    void drop_owners(const std::function<bool(const LockOwner&)>& gone, int error, Aftermath& after);

    // "inode GFID" then one indented line per lock and waiter; nothing when empty.
    void dump(std::string& out) const;

private:
    bool empty() const;
    void settle(Aftermath& after);

    mutable std::mutex mu_;
    Inode& inode_;
    LockRegistry& registry_;
    // Guarded by mu_:
    RangeLockSpace fcntl_;
    RangeLockSpace flock_;
    std::map<std::string, RangeLockSpace, std::less<>> inodelk_;
    std::map<std::string, EntryLockSpace, std::less<>> entrylk_;
    InodeRef pin_;  // our own inode, while anything is held or waiting
};

}  // namespace booster
