// Task<T>: the asynchronous return type of every fop (the seeds' STACK_WIND / STACK_UNWIND).
//
// A Task is a lazy C++20 coroutine. `co_await child->fop(...)` starts the child and suspends the
// caller; the child's `co_return` resumes the caller by symmetric transfer. Consequences:
//   * a chain that completes inline runs entirely on the calling thread, no hop, no lock;
//   * a fop that completes later on another thread (a network reply, a timer) resumes its caller
//     on that thread; the caller was suspended before the child started, so there is no race;
//   * a fop can be parked (see call_stub.hpp) and resumed by whoever releases it.
// Ownership: a Task owns its coroutine frame until it is awaited to completion or destroyed;
// destroying a Task that never started runs none of its body. A Task is move-only.
// Coroutine parameters that are references must outlive the awaited Task (callers await at once).
// Exceptions: a fop never throws; an escaping exception terminates (the crash handler logs it).
#pragma once

#include <atomic>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <optional>
#include <thread>
#include <utility>

#include "core/engine/completion_wait.hpp"

namespace booster {

namespace detail {

// Recycles coroutine frames per thread: a fop allocates one frame per translator it passes, so
// on the booster's read/write path this replaces several malloc/free pairs with list pops.
void* frame_alloc(std::size_t size);
void frame_free(void* ptr, std::size_t size) noexcept;

struct PromiseBase {
    std::coroutine_handle<> continuation;
    std::atomic<unsigned>* done_flag = nullptr;  // set by sync_wait, woken at final suspend

    struct FinalAwaiter {
        bool await_ready() const noexcept { return false; }
        template <class P>
        std::coroutine_handle<> await_suspend(std::coroutine_handle<P> self) noexcept {
            PromiseBase& p = self.promise();
            if (p.continuation) return p.continuation;
            if (p.done_flag != nullptr) {
                // 1 = done, 2 = this thread no longer touches the flag; sync_wait waits for 2
                // before its frame (and the flag in it) may go away.
                std::atomic<unsigned>* flag = p.done_flag;
                flag->store(1, std::memory_order_release);
                flag->notify_one();
                flag->store(2, std::memory_order_release);
            }
            return std::noop_coroutine();
        }
        void await_resume() const noexcept {}
    };

    std::suspend_always initial_suspend() const noexcept { return {}; }
    FinalAwaiter final_suspend() const noexcept { return {}; }
    [[noreturn]] void unhandled_exception() const noexcept { std::terminate(); }

    static void* operator new(std::size_t size) { return frame_alloc(size); }
    static void operator delete(void* ptr, std::size_t size) noexcept { frame_free(ptr, size); }
};

}  // namespace detail

template <class T>
class [[nodiscard]] Task {
public:
    struct promise_type : detail::PromiseBase {
        std::optional<T> value;
        Task get_return_object() noexcept {
            return Task(std::coroutine_handle<promise_type>::from_promise(*this));
        }
        template <class U>
        void return_value(U&& v) noexcept(noexcept(T(std::forward<U>(v)))) {
            value.emplace(std::forward<U>(v));
        }
    };
    using Handle = std::coroutine_handle<promise_type>;

    Task() = default;
    explicit Task(Handle h) noexcept : handle_(h) {}
    Task(Task&& o) noexcept : handle_(std::exchange(o.handle_, {})) {}
    Task& operator=(Task&& o) noexcept {
        if (this != &o) {
            reset();
            handle_ = std::exchange(o.handle_, {});
        }
        return *this;
    }
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;
    ~Task() { reset(); }

    bool valid() const noexcept { return static_cast<bool>(handle_); }

    bool await_ready() const noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) noexcept {
        handle_.promise().continuation = caller;
        return handle_;
    }
    T await_resume() { return std::move(*handle_.promise().value); }

    // For sync_wait and the spawn driver only.
    Handle handle() const noexcept { return handle_; }

private:
    void reset() noexcept {
        if (handle_) handle_.destroy();
        handle_ = {};
    }
    Handle handle_;
};

// A Task whose value is already known: for translators that answer without winding.
template <class T>
Task<T> ready(T value) {
    co_return std::move(value);
}

// Runs a task to completion on the calling thread, blocking only if some translator completes
// on another thread (completion_wait.hpp: a short spin first, then sleep). The common inline
// case costs no syscall.
template <class T>
T sync_wait(Task<T> task) {
    std::atomic<unsigned> done{0};
    auto h = task.handle();
    h.promise().done_flag = &done;
    h.resume();
    wait_until_set(done);
    // The completing thread is between its notify and its last store: a few instructions.
    while (done.load(std::memory_order_acquire) != 2) std::this_thread::yield();
    return std::move(*h.promise().value);
}

}  // namespace booster
