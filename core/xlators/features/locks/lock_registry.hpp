// LockRegistry: every InodeLocks of one features/locks translator, so that release_client,
// fini and dump can reach the locks of inodes no fop names.
// An InodeLocks adds itself when it is made and removes itself when it is destroyed; for_each
// runs under the registry's mutex, so an InodeLocks it visits is not destroyed meanwhile (its
// destructor waits). Lock order: the registry's mutex, then an inode's; never the other way.
// Whatever for_each's function leaves to do afterwards (Aftermath) must run after it returns.
// Thread-safety: any thread.
#pragma once

#include <mutex>
#include <unordered_set>

namespace booster {

class InodeLocks;

class LockRegistry {
public:
    void add(InodeLocks* locks) {
        std::lock_guard lock(mu_);
        all_.insert(locks);
    }
    void remove(InodeLocks* locks) {
        std::lock_guard lock(mu_);
        all_.erase(locks);
    }
    template <class F>
    void for_each(F&& f) const {
        std::lock_guard lock(mu_);
        for (InodeLocks* locks : all_) f(*locks);
    }

private:
    mutable std::mutex mu_;
    std::unordered_set<InodeLocks*> all_;
};

}  // namespace booster
