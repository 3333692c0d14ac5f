#include "core/xlators/performance/stat-prefetch/lookup_behind.hpp"

namespace booster {

WorkerPool& LookupBehind::pool() {
    std::call_once(started_, [this] { pool_ = std::make_unique<WorkerPool>(1); });
    return *pool_;
}

std::uint64_t LookupBehind::sent() const {
    std::lock_guard lock(mu_);
    return sent_;
}

// Notified under the mutex: drain() cannot return, and the object cannot go, before this
// thread has let go of it.
void LookupBehind::finished() {
    std::lock_guard lock(mu_);
    if (--in_flight_ == 0) idle_.notify_all();
}

void LookupBehind::drain() {
    {
        std::unique_lock lock(mu_);
        idle_.wait(lock, [this] { return in_flight_ == 0; });
    }
    if (pool_) pool_->stop();
}

}  // namespace booster
