// completion_wait: who may spin (no more waiters than spinners; counted only while waiting); a
// waiter returns for a flag set by another thread within its spin window or long after, whether
// it spun or slept at once.
#include "core/engine/completion_wait.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

namespace {

using namespace booster;

// Sets `flag` from another thread after `delay`, as a fop completing on the event thread does.
std::jthread set_later(std::atomic<unsigned>& flag, std::chrono::microseconds delay) {
    return std::jthread([&flag, delay] {
        std::this_thread::sleep_for(delay);
        flag.store(1, std::memory_order_release);
        flag.notify_one();
    });
}

TEST_CASE("a waiter may spin only while no more threads wait than there are spinners") {
    Waiters waiters(1);
    {
        const Waiters::Entry alone = waiters.enter();
        CHECK(alone.may_spin);
        const Waiters::Entry second = waiters.enter();
        CHECK_FALSE(second.may_spin);
    }
    const Waiters::Entry after_both_left = waiters.enter();
    CHECK(after_both_left.may_spin);
}

TEST_CASE("on one CPU (no spinners) nobody spins") {
    Waiters none(0);
    const Waiters::Entry entry = none.enter();
    CHECK_FALSE(entry.may_spin);
}

TEST_CASE("a flag set by another thread ends the wait, within the spin window or long after, spinning or not") {
    for (auto delay : {std::chrono::microseconds(10), 20 * kSpinWindow}) {
        for (unsigned spinners : {0u, 1u}) {
            CAPTURE(delay.count());
            CAPTURE(spinners);
            Waiters waiters(spinners);
            std::atomic<unsigned> done{0};
            {
                auto setter = set_later(done, delay);
                wait_until_set(done, waiters);
            }
            CHECK(done.load() == 1);
            const Waiters::Entry next = waiters.enter();
            CHECK(next.may_spin == (spinners == 1));
        }
    }
}

}  // namespace
