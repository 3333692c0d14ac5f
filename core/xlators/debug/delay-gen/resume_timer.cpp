#include "core/xlators/debug/delay-gen/resume_timer.hpp"

namespace booster {

ResumeTimer::ResumeTimer() : thread_([this] { run(); }) {}

ResumeTimer::~ResumeTimer() { stop(); }

void ResumeTimer::stop() {
    {
        std::lock_guard lock(mu_);
        stopped_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

bool ResumeTimer::schedule(Clock::time_point deadline, std::coroutine_handle<> h) {
    {
        std::lock_guard lock(mu_);
        if (stopped_) return false;
        waiting_.push({deadline, next_seq_++, h});
    }
    wake_.notify_one();
    return true;
}

void ResumeTimer::run() {
    std::unique_lock lock(mu_);
    while (!stopped_) {
        if (waiting_.empty()) {
            wake_.wait(lock);
            continue;
        }
        // A copy: waiting_ may reallocate while the wait has released the lock.
        const Clock::time_point deadline = waiting_.top().deadline;
        if (Clock::now() < deadline) {
            wake_.wait_until(lock, deadline);
        } else {
            resume_unlocked(lock);
        }
    }
    while (!waiting_.empty()) resume_unlocked(lock);
}

// Pops the earliest waiter and resumes it without holding the lock, so that it may await
// sleep_for again.
void ResumeTimer::resume_unlocked(std::unique_lock<std::mutex>& lock) {
    const std::coroutine_handle<> h = waiting_.top().handle;
    waiting_.pop();
    lock.unlock();
    h.resume();
    lock.lock();
}

}  // namespace booster
