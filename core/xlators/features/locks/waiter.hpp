// Waiters: blocking lock requests parked until they are granted or cancelled.
//
// A waiter lives in the frame of the lk/inodelk/entrylk fop that waits (the call stub: the
// suspended coroutine keeps its arguments), and is listed, in arrival order, in the lock space
// it waits in. Whoever changes that space under the inode's mutex decides the waiter's fate
// (grants it, having applied its lock, or cancels it with an errno) and takes it off the list;
// after releasing the mutex it wakes it (Aftermath), which resumes the fop on that thread.
// Thread-safety: `error` is written under the inode's mutex before wake(); the waiter reads it
// after it resumed, which orders it after the write. wake() may race with the waiter's arrival
// at woken(): the flag and the parked handle share one mutex, and wake() touches the waiter
// no more once it has let go of that mutex (the waiter may be gone by then), which is why this
// is not a StubQueue plus a flag.
#pragma once

#include <coroutine>
#include <mutex>
#include <string>
#include <utility>

#include "core/engine/fop_types.hpp"
#include "core/xlators/features/locks/entry_locks.hpp"
#include "core/xlators/features/locks/range_locks.hpp"

namespace booster {

class Parked {
public:
    class Wait {
    public:
        explicit Wait(Parked& p) : p_(p) {}
        bool await_ready() const noexcept { return false; }
        bool await_suspend(std::coroutine_handle<> h) {
            std::lock_guard lock(p_.mu_);
            if (p_.woken_) return false;
            p_.handle_ = h;
            return true;
        }
        void await_resume() const noexcept {}

    private:
        Parked& p_;
    };

    // Suspends the fop until wake(); continues at once if wake() already ran.
    Wait woken() { return Wait(*this); }
    void wake() {
        std::coroutine_handle<> h;
        {
            std::lock_guard lock(mu_);
            woken_ = true;
            h = std::exchange(handle_, {});
        }
        if (h) h.resume();
    }

    int error = 0;  // 0: granted

private:
    std::mutex mu_;
    bool woken_ = false;
    std::coroutine_handle<> handle_;
};

struct RangeWaiter : Parked {
    explicit RangeWaiter(const RangeLock& w) : want(w) {}
    const RangeLock want;
};

struct EntryWaiter : Parked {
    explicit EntryWaiter(EntryLock w) : want(std::move(w)) {}
    const EntryLock want;
};

}  // namespace booster
