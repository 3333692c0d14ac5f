// ResumeThread: a test thread that resumes coroutines handed to it, to simulate a fop that
// completes on a foreign thread (a network reply, a timer).
//
// `co_await thread.hop()` suspends the awaiting coroutine and continues it on this thread.
// The destructor resumes whatever is still queued, then joins.
// Thread-safety: hop may be awaited from any thread; destroy from a thread that is not this one.
#pragma once

#include <condition_variable>
#include <coroutine>
#include <deque>
#include <mutex>
#include <thread>

namespace booster::test {

class ResumeThread {
public:
    class Hop {
    public:
        explicit Hop(ResumeThread& t) : t_(t) {}
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<> h) { t_.post(h); }
        void await_resume() const noexcept {}

    private:
        ResumeThread& t_;
    };

    ResumeThread() : thread_([this] { run(); }) {}
    ~ResumeThread() {
        {
            std::lock_guard lock(mu_);
            stopping_ = true;
        }
        wake_.notify_one();
        thread_.join();
    }
    ResumeThread(const ResumeThread&) = delete;
    ResumeThread& operator=(const ResumeThread&) = delete;

    Hop hop() { return Hop(*this); }
    std::thread::id id() const { return thread_.get_id(); }

private:
    void post(std::coroutine_handle<> h) {
        {
            std::lock_guard lock(mu_);
            queue_.push_back(h);
        }
        wake_.notify_one();
    }

    void run() {
        std::unique_lock lock(mu_);
        while (true) {
            wake_.wait(lock, [&] { return !queue_.empty() || stopping_; });
            if (queue_.empty()) return;
            const auto h = queue_.front();
            queue_.pop_front();
            lock.unlock();
            h.resume();
            lock.lock();
        }
    }

    std::mutex mu_;
    std::condition_variable wake_;
    std::deque<std::coroutine_handle<>> queue_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace booster::test
