// ResumeTimer: one thread that resumes suspended coroutines once their deadline has passed.
//
// `co_await timer.sleep_for(d)` suspends the awaiting coroutine; the timer thread resumes it
// at or after now + d, in deadline order (FIFO among equal deadlines). The resumed coroutine
// runs on the timer thread until it suspends again or completes, so later deadlines wait for
// it: a delay is a lower bound. stop() resumes every coroutine still waiting, at once, and
// joins the thread; a sleep_for awaited after stop() does not suspend. Nothing waits forever.
// Ownership: the timer does not own the waiting frames; their tasks must outlive the wait.
// Thread-safety: sleep_for may be awaited from any thread; stop() from any thread except the
// timer thread itself (it joins it).
#pragma once

#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <cstdint>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace booster {

class ResumeTimer {
public:
    using Clock = std::chrono::steady_clock;

    class Sleep {
    public:
        Sleep(ResumeTimer& timer, Clock::time_point deadline) : timer_(timer), deadline_(deadline) {}
        bool await_ready() const noexcept { return false; }
        bool await_suspend(std::coroutine_handle<> h) { return timer_.schedule(deadline_, h); }
        void await_resume() const noexcept {}

    private:
        ResumeTimer& timer_;
        Clock::time_point deadline_;
    };

    ResumeTimer();
    ~ResumeTimer();
    ResumeTimer(const ResumeTimer&) = delete;
    ResumeTimer& operator=(const ResumeTimer&) = delete;

    Sleep sleep_for(std::chrono::microseconds delay) { return Sleep(*this, Clock::now() + delay); }
    void stop();

private:
    struct Waiting {
        Clock::time_point deadline;
        std::uint64_t seq;
        std::coroutine_handle<> handle;
    };
    struct Later {
        bool operator()(const Waiting& a, const Waiting& b) const {
            return a.deadline != b.deadline ? a.deadline > b.deadline : a.seq > b.seq;
        }
    };

    // False when the timer has stopped: the caller then continues without waiting.
    bool schedule(Clock::time_point deadline, std::coroutine_handle<> h);
    void run();
    void resume_unlocked(std::unique_lock<std::mutex>& lock);

    std::mutex mu_;
    std::condition_variable wake_;
    std::priority_queue<Waiting, std::vector<Waiting>, Later> waiting_;  // guarded by mu_
    std::uint64_t next_seq_ = 0;                                         // guarded by mu_
    bool stopped_ = false;                                               // guarded by mu_
    std::thread thread_;
};

}  // namespace booster
