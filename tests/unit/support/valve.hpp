// Valve: a test translator that holds the calls of chosen fops (writev unless told otherwise)
// before they are wound, while it is closed, so that a test can look at the layers above while
// those fops are in flight. open() lets the held calls go, oldest first, on the opening thread,
// and every later call straight through; close() holds again; release_one() lets the oldest
// held call go and keeps holding. Other fops pass untouched.
// Thread-safety: fops from any thread; hold() before the first fop, open/close/release_one/held
// from any thread.
#pragma once

#include <atomic>

#include "core/engine/call_stub.hpp"
#include "core/engine/fop_interceptor.hpp"
#include "core/xlators/debug/common/fop_set.hpp"

namespace booster::test {

class Valve final : public FopInterceptor<Valve> {
public:
    Valve() { held_fops_.set(static_cast<std::size_t>(FopId::writev)); }

    void hold(FopId fop) { held_fops_.set(static_cast<std::size_t>(fop)); }
    void open() {
        closed_.store(false);
        parked_.resume_all();
    }
    void close() { closed_.store(true); }
    bool release_one() { return parked_.resume_one(); }
    std::size_t held() const { return parked_.size(); }

    template <class R>
    Task<Result<R>> around(FopId fop, Task<Result<R>> next) {
        if (!held_fops_.test(static_cast<std::size_t>(fop))) return next;
        return after_opening(std::move(next));
    }

private:
    template <class R>
    Task<Result<R>> after_opening(Task<Result<R>> next) {
        co_await parked_.park_if([this] { return closed_.load(); });
        co_return co_await std::move(next);
    }

    FopSet held_fops_;
    std::atomic<bool> closed_{true};
    StubQueue parked_;
};

}  // namespace booster::test
