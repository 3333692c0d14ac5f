// when_all(): fan a fop out to several children and await all their results (DHT, AFR), or two
// fops of different result types at once (io-cache's fstat beside its first read).
//
// Children start in order on the awaiting thread; each may complete inline or on another
// thread. The awaiting coroutine resumes on the thread of the last child to finish, or never
// leaves its own thread when all complete inline. Results come back in the order of the input.
#pragma once

#include <atomic>
#include <coroutine>
#include <optional>
#include <utility>
#include <vector>

#include "core/engine/spawn.hpp"
#include "core/engine/task.hpp"

namespace booster {

namespace detail {

// Suspends the awaiting coroutine while `start` launches `children` children, each calling
// arrive() once; the last to arrive resumes it. The extra count held while they start keeps it
// from suspending at all when every child finished inline.
template <class Start>
class Countdown {
public:
    Countdown(std::size_t children, Start start) : remaining_(children + 1), start_(std::move(start)) {}

    void arrive() {
        if (remaining_.fetch_sub(1, std::memory_order_acq_rel) == 1) parent_.resume();
    }

    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> h) {
        parent_ = h;
        start_(*this);
        return remaining_.fetch_sub(1, std::memory_order_acq_rel) != 1;
    }
    void await_resume() const noexcept {}

private:
    std::atomic<std::size_t> remaining_;
    std::coroutine_handle<> parent_;
    Start start_;
};

}  // namespace detail

template <class T>
Task<std::vector<T>> when_all(std::vector<Task<T>> tasks) {
    std::vector<std::optional<T>> results(tasks.size());
    co_await detail::Countdown(tasks.size(), [&](auto& countdown) {
        for (std::size_t i = 0; i < tasks.size(); ++i) {
            spawn(std::move(tasks[i]), [&results, &countdown, i](T&& value) {
                results[i].emplace(std::move(value));
                countdown.arrive();
            });
        }
    });
    std::vector<T> out;
    out.reserve(results.size());
    for (auto& r : results) out.push_back(std::move(*r));
    co_return out;
}

template <class A, class B>
Task<std::pair<A, B>> when_all(Task<A> first, Task<B> second) {
    std::optional<A> a;
    std::optional<B> b;
    co_await detail::Countdown(2, [&](auto& countdown) {
        spawn(std::move(first), [&a, &countdown](A&& value) {
            a.emplace(std::move(value));
            countdown.arrive();
        });
        spawn(std::move(second), [&b, &countdown](B&& value) {
            b.emplace(std::move(value));
            countdown.arrive();
        });
    });
    co_return std::pair<A, B>{std::move(*a), std::move(*b)};
}

}  // namespace booster
