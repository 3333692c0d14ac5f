#include "core/xlators/storage/posix/lock_wait_threads.hpp"

#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <system_error>

namespace booster {

namespace {

int wake_signal() { return SIGRTMIN; }

extern "C" void on_wake_signal(int) {}

// Without SA_RESTART, so that the signal ends the blocked call with EINTR.
void install_wake_handler() {
    struct sigaction action {};
    action.sa_handler = on_wake_signal;
    sigemptyset(&action.sa_mask);
    (void)::sigaction(wake_signal(), &action, nullptr);
}

// A lock-wait thread takes no signal but its wake-up: a signal meant for the process would
// otherwise end a wait nobody cancelled.
void only_wake_signal() {
    sigset_t others;
    sigfillset(&others);
    sigdelset(&others, wake_signal());
    (void)::pthread_sigmask(SIG_SETMASK, &others, nullptr);
}

}  // namespace

void LockWait::cancel() {
    using std::chrono::milliseconds;
    std::unique_lock lock(mu_);
    cancelled_ = true;
    for (milliseconds pause{1}; in_call_; pause = std::min(pause * 2, milliseconds{100})) {
        (void)::pthread_kill(*in_call_, wake_signal());
        left_call_.wait_for(lock, pause);
    }
}

void LockWait::run() {
    {
        std::lock_guard lock(mu_);
        if (cancelled_) {
            error_ = EINTR;
            return;
        }
        in_call_ = ::pthread_self();
    }
    for (;;) {
        const int error = call_();
        std::lock_guard lock(mu_);
        // EINTR without a cancel: a stray signal; the wait goes on.
        if (error != EINTR || cancelled_) {
            error_ = error;
            in_call_.reset();
            left_call_.notify_all();
            return;
        }
    }
}

void LockWaitThreads::Awaiter::await_suspend(std::coroutine_handle<> h) {
    wait_.resume_ = h;
    threads_.start(wait_);
}

void LockWaitThreads::start(LockWait& w) {
    std::unique_lock lock(mu_);
    int refused = EINTR;
    if (!stopping_) {
        queued_.push_back(&w);
        if (idle_ >= queued_.size()) {
            queued_or_stopping_.notify_one();
            return;
        }
        static const bool handler_installed = (install_wake_handler(), true);
        (void)handler_installed;
        try {
            threads_.emplace_back([this] { serve(); });
            return;
        } catch (const std::system_error&) {
            queued_.pop_back();
            refused = ENOLCK;
        }
    }
    // Stopping, or no thread to wait on: the lock cannot be waited for.
    lock.unlock();
    w.error_ = refused;
    w.resume_.resume();
}

void LockWaitThreads::serve() {
    only_wake_signal();
    std::unique_lock lock(mu_);
    for (;;) {
        ++idle_;
        queued_or_stopping_.wait(lock, [this] { return stopping_ || !queued_.empty(); });
        --idle_;
        if (queued_.empty()) return;
        LockWait* w = queued_.front();
        queued_.pop_front();
        if (stopping_) w->cancel();
        running_.push_back(w);
        lock.unlock();
        w->run();
        lock.lock();
        std::erase(running_, w);
        // The fop continues on this thread; it may start another wait, so not under mu_.
        lock.unlock();
        w->resume_.resume();
        lock.lock();
    }
}

void LockWaitThreads::stop() {
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
        // Under mu_: a wait stays alive while it is listed (its thread lists it off under mu_
        // before resuming the fop), and cancel() returns as soon as its thread left the call.
        for (LockWait* w : running_) w->cancel();
        threads.swap(threads_);
    }
    queued_or_stopping_.notify_all();
    for (std::thread& t : threads) t.join();
}

}  // namespace booster
