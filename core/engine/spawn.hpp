// spawn(): start a Task without awaiting it, and hand its result to a callback.
//
// Used where a fop is started by something that is not itself a coroutine: the FUSE bridge
// (reply in the callback) and translators that own background work (write-behind's flush).
// Ownership: the detached frame owns the task and the callback until the callback returns.
// The callback runs on whichever thread completes the task; it must not throw.
#pragma once

#include <coroutine>
#include <exception>
#include <utility>

#include "core/engine/task.hpp"

namespace booster {

namespace detail {

struct Detached {
    struct promise_type {
        Detached get_return_object() const noexcept { return {}; }
        std::suspend_never initial_suspend() const noexcept { return {}; }
        std::suspend_never final_suspend() const noexcept { return {}; }
        void return_void() const noexcept {}
        [[noreturn]] void unhandled_exception() const noexcept { std::terminate(); }
        static void* operator new(std::size_t size) { return frame_alloc(size); }
        static void operator delete(void* ptr, std::size_t size) noexcept { frame_free(ptr, size); }
    };
};

template <class T, class F>
Detached run_detached(Task<T> task, F done) {
    done(co_await std::move(task));
}

}  // namespace detail

template <class T, class F>
void spawn(Task<T> task, F&& done) {
    detail::run_detached(std::move(task), std::forward<F>(done));
}

}  // namespace booster
