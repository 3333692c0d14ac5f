// after_fop(next, then): runs the fop `next`, then `then()`, and returns the fop's result
// unchanged. stat-prefetch invalidates once a fop has completed, failed or not: a reply that
// was read before the change is then either already cached (and gets dropped) or still in
// flight (and gets refused, DirState's generation).
#pragma once

#include <utility>

#include "core/engine/result.hpp"
#include "core/engine/task.hpp"

namespace booster {

template <class R, class F>
Task<Result<R>> after_fop(Task<Result<R>> next, F then) {
    Result<R> result = co_await std::move(next);
    then();
    co_return result;
}

}  // namespace booster
