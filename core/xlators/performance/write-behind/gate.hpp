// Gate: where one parked fop waits until another thread lets it continue (a write waiting for
// window space or for its reply, a read waiting for the writes it must see).
//
// `co_await gate.passed()` continues at once if the gate is already open, otherwise parks the
// fop in a StubQueue; open() resumes it on the opening thread. A gate is opened at most once.
// Ownership: the gate lives in an object shared by the waiter and the opener, so it outlives
// both the wait and open().
// Thread-safety: one waiter; open() from any thread, also before the waiter arrives.
#pragma once

#include <atomic>

#include "core/engine/call_stub.hpp"

namespace booster {

class Gate {
public:
    auto passed() {
        return parked_.park_if([this] { return !open_.load(std::memory_order_acquire); });
    }

    void open() {
        open_.store(true, std::memory_order_release);
        parked_.resume_one();
    }

private:
    std::atomic<bool> open_{false};
    StubQueue parked_;
};

}  // namespace booster
