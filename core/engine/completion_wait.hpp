// completion_wait: how a thread waits for a flag another thread sets when a fop completes
// (sync_wait's last step).
//
// A fop that crosses a socket (protocol/client) completes on the event thread, typically within
// a few tens of microseconds. Sleeping on the flag at once costs a futex wake-up on top of every
// such round trip, and on a virtual machine waking a thread on an idle CPU can cost hundreds of
// microseconds. So a waiter first spins a short while (kSpinWindow), yielding its CPU to any
// other runnable thread there, then sleeps. Spinning only pays while a CPU is left for the
// threads that set the flag (the event thread, the brick): a waiter spins only when, as it
// starts, no more threads of the process wait than there are CPUs besides one (Waiters). When
// more wait at once, the machine is busy, and a spinner would take a CPU from the very threads
// that complete the fops.
// A waiter that may spin first serves the completions itself when the thread that is to set its
// flag offered a CompletionPump (protocol/client: the waiter reads the replies off the socket,
// its own among them, instead of waiting for the event thread to be woken and read them).
// Thread-safety: every function may be called from any thread; an offered pump is the calling
// thread's own.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>

namespace booster {

// Longer than a round trip to a brick on this host, also when the brick's thread has gone to
// sleep and must be woken first (unix socket or loopback TCP: 15-40 us to a polling brick,
// 100-200 us to a sleeping one on this project's VM, whose idle CPUs halt), short enough that a
// slow fop wastes little CPU before its waiter sleeps. A waiter that gives up before the reply
// comes costs two wake-ups more: the event thread's, which reads it, then its own.
inline constexpr std::chrono::microseconds kSpinWindow{200};

class Waiters {
public:
    explicit Waiters(unsigned spinners) : spinners_(static_cast<int>(spinners)) {}

    // One waiting thread, counted until it goes.
    class Entry {
    public:
        Entry(Waiters& owner, bool may_spin) : may_spin(may_spin), owner_(&owner) {}
        Entry(const Entry&) = delete;
        Entry& operator=(const Entry&) = delete;
        ~Entry() { owner_->waiting_.fetch_sub(1, std::memory_order_relaxed); }

        const bool may_spin;

    private:
        Waiters* owner_;
    };
    Entry enter();

    // The process's waiters: spinners = the CPUs of its affinity mask - 1 (none on one CPU).
    static Waiters& process();

private:
    const int spinners_;
    std::atomic<int> waiting_{0};
};

// A source of completions a waiting thread may serve itself.
class CompletionPump {
public:
    virtual ~CompletionPump() = default;
    // Serves completions on the calling thread until `done` is no longer 0 or `until` passes.
    // Returns at once when another thread is serving them.
    virtual void pump_until(const std::atomic<unsigned>& done, std::chrono::steady_clock::time_point until) = 0;
};

// Offers this thread's next wait a pump: the one that will serve the completion of what this
// thread just started (the last offer wins; a wait takes it). Weak: a pump never outlives its
// owner because of an offer nobody took.
void offer_completion_pump(std::weak_ptr<CompletionPump> pump);
// Drops this thread's offer: a forked child's offer would name its parent's sockets.
void forget_completion_pump();

// Returns once `done` is no longer 0: spinning for up to kSpinWindow when `waiters` allows it
// (driving this thread's offered pump, if any, first), then sleeping on it (std::atomic::wait).
// Takes the thread's offer either way.
void wait_until_set(std::atomic<unsigned>& done, Waiters& waiters);

// The same for the process's waiters. A flag already set (a fop that completed inline, the
// booster's read/write path on a local volume) costs one load: no call, no static's guard.
inline void wait_until_set(std::atomic<unsigned>& done) {
    if (done.load(std::memory_order_acquire) == 0) wait_until_set(done, Waiters::process());
}

}  // namespace booster
