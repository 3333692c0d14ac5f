// when_all(): fan a fop out to several children and await all their results (DHT, AFR).
//
// Children start in order on the awaiting thread; each may complete inline or on another
// thread. The awaiting coroutine resumes on the thread of the last child to finish, or never
// leaves its own thread when all complete inline. Results come back in the order of the input.
#pragma once

#include <atomic>
#include <coroutine>
#include <optional>
#include <vector>

#include "core/engine/spawn.hpp"
#include "core/engine/task.hpp"

namespace booster {

template <class T>
Task<std::vector<T>> when_all(std::vector<Task<T>> tasks) {
    struct Join {
        std::vector<Task<T>>& tasks;
        std::vector<std::optional<T>> results;
        std::atomic<std::size_t> remaining;
        std::coroutine_handle<> parent;

        bool await_ready() const noexcept { return tasks.empty(); }
        bool await_suspend(std::coroutine_handle<> h) {
            parent = h;
            for (std::size_t i = 0; i < tasks.size(); ++i) {
                spawn(std::move(tasks[i]), [this, i](T&& value) {
                    results[i].emplace(std::move(value));
                    if (remaining.fetch_sub(1, std::memory_order_acq_rel) == 1) parent.resume();
                });
            }
            // The extra count held during the loop: if every child finished inline, do not
            // suspend at all.
            return remaining.fetch_sub(1, std::memory_order_acq_rel) != 1;
        }
        void await_resume() const noexcept {}
    };
    Join join{tasks, std::vector<std::optional<T>>(tasks.size()), {tasks.size() + 1}, {}};
    co_await join;
    std::vector<T> out;
    out.reserve(join.results.size());
    for (auto& r : join.results) out.push_back(std::move(*r));
    co_return out;
}

}  // namespace booster
