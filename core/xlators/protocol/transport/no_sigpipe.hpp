// NoSigpipe: while one lives, a SIGPIPE raised at this thread is held blocked, and one that came
// is taken before the thread's old signal mask returns, so that it never reaches the process.
// For system calls that write to a socket without a MSG_NOSIGNAL (splice(2) into a socket): a
// peer that is gone then costs EPIPE, not the process. A SIGPIPE already pending when it began
// is left pending.
// Thread-safety: a scope on one thread.
#pragma once

#include <signal.h>
#include <time.h>

namespace booster::transport {

class NoSigpipe {
public:
    NoSigpipe() {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        sigset_t pending;
        sigemptyset(&pending);
        was_pending_ = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1;
        pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
    }
    ~NoSigpipe() {
        const timespec now{};
        if (!was_pending_) (void)sigtimedwait(&pipe_, nullptr, &now);
        pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }
    NoSigpipe(const NoSigpipe&) = delete;
    NoSigpipe& operator=(const NoSigpipe&) = delete;

private:
    sigset_t pipe_;
    sigset_t old_;
    bool was_pending_ = false;
};

}  // namespace booster::transport
