// Call stubs: parking a fop and resuming it later (the seeds' call_stub_t / call_resume).
//
// With coroutine fops a parked fop is simply a suspended coroutine: `co_await queue.park()`
// suspends the fop where it stands, with all its arguments and locals in its frame, and
// `resume_one()` / `resume_all()` continue it on the resuming thread. Used for blocking lock
// requests (features/locks), writes waiting for window space (write-behind), and lookups
// queued behind a cache fill (stat-prefetch).
// Ownership: the queue does not own the parked frames; each belongs to the task that awaits
// it, and must be resumed (or the queue drained) before that task is destroyed.
// Thread-safety: park, resume_one, resume_all and size may be called from any thread.
#pragma once

#include <coroutine>
#include <cstddef>
#include <deque>
#include <mutex>
#include <utility>

namespace booster {

class StubQueue {
public:
    class Park {
    public:
        explicit Park(StubQueue& q) : q_(q) {}
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<> h) {
            std::lock_guard lock(q_.mu_);
            q_.parked_.push_back(h);
        }
        void await_resume() const noexcept {}

    private:
        StubQueue& q_;
    };

    // Parks only if `blocked()` still holds when checked under the queue's lock, so a resumer
    // that changes the state and then calls resume_all() can never be missed.
    template <class Pred>
    class ParkIf {
    public:
        ParkIf(StubQueue& q, Pred blocked) : q_(q), blocked_(std::move(blocked)) {}
        bool await_ready() const noexcept { return false; }
        bool await_suspend(std::coroutine_handle<> h) {
            std::lock_guard lock(q_.mu_);
            if (!blocked_()) return false;
            q_.parked_.push_back(h);
            return true;
        }
        void await_resume() const noexcept {}

    private:
        StubQueue& q_;
        Pred blocked_;
    };

    // Suspends the awaiting fop until resumed.
    Park park() { return Park(*this); }
    template <class Pred>
    ParkIf<Pred> park_if(Pred blocked) {
        return ParkIf<Pred>(*this, std::move(blocked));
    }

    // Resumes the oldest parked fop on this thread; false if none was parked.
    bool resume_one() {
        std::coroutine_handle<> h;
        {
            std::lock_guard lock(mu_);
            if (parked_.empty()) return false;
            h = parked_.front();
            parked_.pop_front();
        }
        h.resume();
        return true;
    }

    // Resumes every fop parked before this call, oldest first.
    std::size_t resume_all() {
        std::deque<std::coroutine_handle<>> batch;
        {
            std::lock_guard lock(mu_);
            batch.swap(parked_);
        }
        for (auto h : batch) h.resume();
        return batch.size();
    }

    std::size_t size() const {
        std::lock_guard lock(mu_);
        return parked_.size();
    }

private:
    mutable std::mutex mu_;
    std::deque<std::coroutine_handle<>> parked_;
};

}  // namespace booster
