// WaitList: the waiters of one lock space, in arrival order.
//
// grant() offers each waiter, oldest first, to a try_grant function that applies its lock when
// nothing conflicts any more; a grant can itself free bytes (a waiter converting its own write
// lock to a read lock), so the offer is repeated until a full pass grants nothing.
// Thread-safety: guarded by the owning inode's mutex.
#pragma once

#include <algorithm>
#include <deque>

#include "core/xlators/features/locks/aftermath.hpp"

namespace booster {

template <class Waiter>
class WaitList {
public:
    void push(Waiter& w) { waiting_.push_back(&w); }

    template <class TryGrant>
    void grant(TryGrant try_grant, Aftermath& after) {
        for (bool granted = true; granted;) {
            granted = false;
            for (auto it = waiting_.begin(); it != waiting_.end();) {
                if (!try_grant((*it)->want)) {
                    ++it;
                    continue;
                }
                after.wake(**it);
                it = waiting_.erase(it);
                granted = true;
            }
        }
    }

    // Cancels, with `error`, every waiter `pred` selects.
    template <class Pred>
    void cancel_if(Pred pred, int error, Aftermath& after) {
        std::erase_if(waiting_, [&](Waiter* w) {
            if (!pred(w->want)) return false;
            w->error = error;
            after.wake(*w);
            return true;
        });
    }

    // Takes `w` off the list with `error` (an interrupted request); false if it is not listed
    // (granted or cancelled already).
    bool withdraw(const Parked& w, int error, Aftermath& after) {
        auto it = std::find(waiting_.begin(), waiting_.end(), &w);
        if (it == waiting_.end()) return false;
        (*it)->error = error;
        after.wake(**it);
        waiting_.erase(it);
        return true;
    }

    bool empty() const { return waiting_.empty(); }
    const std::deque<Waiter*>& waiting() const { return waiting_; }

private:
    std::deque<Waiter*> waiting_;
};

}  // namespace booster
