// LockWaitThreads: where storage/posix waits for a lock the kernel does not grant at once, so
// that a waiting lock holds none of its caller's threads (on a FUSE mount of a local volume,
// the FUSE workers: waiters filling all of them would stop the mount, the unlock included).
//
// A LockWait is one blocking call (F_OFD_SETLKW, or flock(2) without LOCK_NB); `co_await
// threads.wait(w)` runs it on a thread of the pool and resumes the awaiting fop on that thread
// when the kernel answers. One thread per wait in progress: the pool grows to the largest
// number of simultaneous waits and keeps its idle threads for the next ones.
//
// Cancellation (LockWait::cancel, from Request::cancel): the wait is abandoned and the call
// ends with EINTR. The waiting thread is sent SIGRTMIN, whose handler does nothing and is
// installed without SA_RESTART, so the kernel ends the blocked fcntl/flock with EINTR (and
// grants nothing). A signal sent just before the thread enters the call would be lost, so
// cancel() repeats it, at growing intervals, until the thread has left the call: in practice
// once. Polling with F_OFD_SETLK / LOCK_NB on a back-off schedule was the alternative without
// a signal; it loses the kernel's queue order (a poller can starve behind other processes'
// blocked waiters), grants late, and wakes for nothing. The handler is installed when the
// first thread starts: a boosted program, whose locks go through the mount, never gets one.
// Ownership: Posix owns the pool; a LockWait lives in the frame of the fop that waits and
// must outlive both the awaited wait and any cancel() running on another thread (declare the
// std::stop_callback that calls cancel() after the LockWait).
// Thread-safety: wait() and cancel() from any thread; stop() once, alone (Posix::fini).
#pragma once

#include <pthread.h>

#include <condition_variable>
#include <coroutine>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace booster {

class LockWait {
public:
    // `call` blocks until the kernel answers; it returns 0 or an errno, EINTR when a signal
    // ended it.
    explicit LockWait(std::function<int()> call) : call_(std::move(call)) {}
    LockWait(const LockWait&) = delete;
    LockWait& operator=(const LockWait&) = delete;

    // The call's errno once the wait is over: 0 when granted, EINTR when cancelled.
    int error() const { return error_; }
    // Ends the wait with EINTR unless the call already returned; returns once the waiting
    // thread has left the call.
    void cancel();

private:
    friend class LockWaitThreads;
    void run();

    std::function<int()> call_;
    std::coroutine_handle<> resume_;
    int error_ = 0;
    std::mutex mu_;
    std::condition_variable left_call_;
    bool cancelled_ = false;
    std::optional<pthread_t> in_call_;  // the thread blocked in call_, while it is
};

class LockWaitThreads {
public:
    LockWaitThreads() = default;
    ~LockWaitThreads() { stop(); }
    LockWaitThreads(const LockWaitThreads&) = delete;
    LockWaitThreads& operator=(const LockWaitThreads&) = delete;

    class Awaiter {
    public:
        Awaiter(LockWaitThreads& threads, LockWait& wait) : threads_(threads), wait_(wait) {}
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<> h);
        void await_resume() const noexcept {}

    private:
        LockWaitThreads& threads_;
        LockWait& wait_;
    };
    Awaiter wait(LockWait& w) { return Awaiter(*this, w); }

    // Cancels the waits in progress (their fops complete with EINTR) and ends every thread.
    void stop();

private:
    void start(LockWait& w);
    void serve();

    std::mutex mu_;
    std::condition_variable queued_or_stopping_;
    std::deque<LockWait*> queued_;
    std::vector<LockWait*> running_;
    std::vector<std::thread> threads_;
    std::size_t idle_ = 0;
    bool stopping_ = false;
};

}  // namespace booster
