// Aftermath: what a change of an inode's locks leaves to do once the inode's mutex is released:
// waking the waiters it decided (granted or cancelled), then letting go of the reference that
// kept the inode alive while it held locks (InodeLocks::settle).
// Declare it before the lock guard, so that it runs after the guard let go; nothing here may
// run under the mutex: a woken fop continues on this thread, and the last reference to the
// inode destroys its contexts, the InodeLocks with that very mutex among them.
// Thread-safety: one thread; move-only.
#pragma once

#include <vector>

#include "core/engine/inode.hpp"
#include "core/xlators/features/locks/waiter.hpp"

namespace booster {

class Aftermath {
public:
    Aftermath() = default;
    Aftermath(Aftermath&&) = default;
    Aftermath& operator=(Aftermath&&) = delete;
    Aftermath(const Aftermath&) = delete;
    Aftermath& operator=(const Aftermath&) = delete;
    // Members go after the body: the waiters are woken before the inode is let go.
    ~Aftermath() {
        for (Parked* p : woken_) p->wake();
    }

    void wake(Parked& waiter) { woken_.push_back(&waiter); }
    void unpin(InodeRef inode) { unpinned_.push_back(std::move(inode)); }

private:
    std::vector<InodeRef> unpinned_;
    std::vector<Parked*> woken_;
};

}  // namespace booster
