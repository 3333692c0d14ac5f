// LookupBehind: the lookups stat-prefetch still sends below after answering them from its
// cache (seed 002: "lookup is winded to underlying translators after it is unwound to upper
// translators", so that translators below see every lookup).
//
// Each lookup hops to a worker thread before it is wound, so the cached answer never waits
// for it, also when the child completes inline (storage/posix); its result then goes to a
// callback on whichever thread completes it. drain() waits until none is in flight: fini calls
// it while the translators below, and the inodes the lookups hold, still exist.
// Ownership: owns the worker thread, started at the first lookup sent (a graph that never
// answers from its cache, such as a boosted program's, never starts one); each lookup owns
// copies of its Request and Loc (a lookup with xdata is never sent behind: it is not cached).
// Thread-safety: send from any thread; drain from a thread that is not the worker.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>

#include "core/engine/spawn.hpp"
#include "core/engine/worker_pool.hpp"
#include "core/engine/xlator.hpp"

namespace booster {

class LookupBehind {
public:
    LookupBehind() = default;
    LookupBehind(const LookupBehind&) = delete;
    LookupBehind& operator=(const LookupBehind&) = delete;
    ~LookupBehind() { drain(); }

    // Winds lookup(req, loc) on `child` from the worker; `consume(const Result<EntryReply>&)`
    // receives its result.
    template <class F>
    void send(Xlator& child, const Request& req, const Loc& loc, F consume);
    // Waits until no lookup is in flight, then stops the worker (a lookup sent later runs on
    // its caller's thread).
    void drain();
    std::uint64_t sent() const;

private:
    // Everything a lookup holds (inode references among it) is released inside the coroutine,
    // before it completes, so that nothing of it is left once drain() has returned.
    template <class F>
    Task<Unit> behind(Xlator& child, Request req, Loc loc, F consume);
    WorkerPool& pool();
    void finished();

    std::once_flag started_;
    std::unique_ptr<WorkerPool> pool_;
    mutable std::mutex mu_;
    std::condition_variable idle_;
    std::uint64_t in_flight_ = 0;  // guarded by mu_
    std::uint64_t sent_ = 0;       // guarded by mu_
};

template <class F>
void LookupBehind::send(Xlator& child, const Request& req, const Loc& loc, F consume) {
    {
        std::lock_guard lock(mu_);
        ++in_flight_;
        ++sent_;
    }
    spawn(behind(child, req, loc, std::move(consume)), [this](Unit) { finished(); });
}

template <class F>
Task<Unit> LookupBehind::behind(Xlator& child, Request req, Loc loc, F consume) {
    {
        const Request own_req = std::move(req);
        const Loc own_loc = std::move(loc);
        F own_consume = std::move(consume);
        co_await pool().hop();
        own_consume(co_await child.lookup(own_req, own_loc));
    }
    co_return Unit{};
}

}  // namespace booster
