#include "core/xlators/debug/async/async.hpp"

#include <algorithm>

namespace booster {

Status Async::init() {
    const auto threads = std::max<std::int64_t>(1, options().integer("threads"));
    pool_ = std::make_unique<WorkerPool>(static_cast<std::size_t>(threads));
    return ok();
}

void Async::fini() {
    if (pool_) pool_->stop();
}

}  // namespace booster
