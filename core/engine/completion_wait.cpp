#include "core/engine/completion_wait.hpp"

#include <sched.h>

#include <algorithm>
#include <utility>

namespace booster {

namespace {

unsigned cpus_of_this_process() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
    return static_cast<unsigned>(CPU_COUNT(&set));
}

thread_local std::weak_ptr<CompletionPump> t_offered_pump;

}  // namespace

void offer_completion_pump(std::weak_ptr<CompletionPump> pump) { t_offered_pump = std::move(pump); }

void forget_completion_pump() { t_offered_pump.reset(); }

Waiters::Entry Waiters::enter() {
    const int waiting = waiting_.fetch_add(1, std::memory_order_relaxed) + 1;
    return Entry(*this, waiting <= spinners_);
}

Waiters& Waiters::process() {
    static Waiters waiters(std::max(cpus_of_this_process(), 1u) - 1);
    return waiters;
}

void wait_until_set(std::atomic<unsigned>& done, Waiters& waiters) {
    // Moved out, not locked: only a wait that spins pays the reference count of using it.
    const std::weak_ptr<CompletionPump> offered = std::exchange(t_offered_pump, {});
    if (done.load(std::memory_order_acquire) != 0) return;
    const Waiters::Entry entry = waiters.enter();
    if (entry.may_spin) {
        const auto until = std::chrono::steady_clock::now() + kSpinWindow;
        if (const std::shared_ptr<CompletionPump> pump = offered.lock()) pump->pump_until(done, until);
        // Yielding, not pausing: the thread that will set the flag (the event thread) is often
        // woken on this very CPU, and must not wait for the window to end.
        while (done.load(std::memory_order_acquire) == 0 && std::chrono::steady_clock::now() < until) sched_yield();
    }
    while (done.load(std::memory_order_acquire) == 0) done.wait(0, std::memory_order_acquire);
}

}  // namespace booster
