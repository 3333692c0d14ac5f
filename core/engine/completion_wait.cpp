#include "core/engine/completion_wait.hpp"

#include <sched.h>

#include <algorithm>

namespace booster {

namespace {

unsigned cpus_of_this_process() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
    return static_cast<unsigned>(CPU_COUNT(&set));
}

// Tells the CPU this is a spin loop: the sibling hyper-thread gets the core, and leaving the
// loop does not flush the pipeline on a memory-order misprediction.
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
}

}  // namespace

Waiters::Entry Waiters::enter() {
    const int waiting = waiting_.fetch_add(1, std::memory_order_relaxed) + 1;
    return Entry(*this, waiting <= spinners_);
}

Waiters& Waiters::process() {
    static Waiters waiters(std::max(cpus_of_this_process(), 1u) - 1);
    return waiters;
}

void wait_until_set(std::atomic<unsigned>& done, Waiters& waiters) {
    if (done.load(std::memory_order_acquire) != 0) return;
    const Waiters::Entry entry = waiters.enter();
    if (entry.may_spin) {
        const auto until = std::chrono::steady_clock::now() + kSpinWindow;
        while (done.load(std::memory_order_acquire) == 0 && std::chrono::steady_clock::now() < until) cpu_relax();
    }
    while (done.load(std::memory_order_acquire) == 0) done.wait(0, std::memory_order_acquire);
}

}  // namespace booster
