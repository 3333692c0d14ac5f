// ReentryGuard: marks the current thread as "inside the booster".
//
// While set, every hook goes straight to the real libc function: the engine running inside
// the host program calls preadv, openat, fstat, ... itself, and those calls land in our own
// hooks again. Initial-exec TLS: a preloaded library has static TLS, and the check is then one
// instruction on the hot path. Thread-safety: per thread by construction.
#pragma once

namespace booster::preload {

// constinit: no dynamic initialisation, so no TLS wrapper call guards each access.
extern constinit thread_local bool t_inside __attribute__((tls_model("initial-exec")));

class ReentryGuard {
public:
    ReentryGuard() : outer_(!t_inside) { t_inside = true; }
    ~ReentryGuard() {
        if (outer_) t_inside = false;
    }
    ReentryGuard(const ReentryGuard&) = delete;
    ReentryGuard& operator=(const ReentryGuard&) = delete;

private:
    bool outer_;
};

inline bool inside_booster() { return t_inside; }

}  // namespace booster::preload
