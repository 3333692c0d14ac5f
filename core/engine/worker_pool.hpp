// WorkerPool: a few threads that resume coroutines handed to them, each with its own queue.
// Used where work must leave the calling thread: debug/async (every fop on a foreign thread)
// and stat-prefetch's lookup-behind (the answer must not wait for the lookup sent below).
//
// `co_await pool.hop()` suspends the awaiting coroutine and resumes it on a worker, which is
// never the awaiting thread when the pool has two workers or more (round robin, skipping the
// current worker). stop() lets every worker finish what is queued, then joins them; a hop
// awaited during or after stop() does not suspend and continues on the awaiting thread, so
// nothing is left unresumed.
// Ownership: the pool does not own the queued frames; their tasks must outlive the hop.
// Thread-safety: hop may be awaited from any thread, the pool's workers included; stop() from
// any thread that is not a worker of this pool (it joins them).
#pragma once

#include <atomic>
#include <condition_variable>
#include <coroutine>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace booster {

class WorkerPool {
public:
    class Hop {
    public:
        explicit Hop(WorkerPool& pool) : pool_(pool) {}
        bool await_ready() const noexcept { return false; }
        bool await_suspend(std::coroutine_handle<> h) { return pool_.post(h); }
        void await_resume() const noexcept {}

    private:
        WorkerPool& pool_;
    };

    explicit WorkerPool(std::size_t threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    Hop hop() { return Hop(*this); }
    void stop();

private:
    struct Worker {
        std::mutex mu;
        std::condition_variable wake;
        std::deque<std::coroutine_handle<>> queue;  // guarded by mu
        bool stopping = false;                      // guarded by mu
        std::thread thread;
    };

    // False when the chosen worker is stopping: the caller then continues itself.
    bool post(std::coroutine_handle<> h);
    Worker& pick();
    static void run(Worker& w);

    std::vector<std::unique_ptr<Worker>> workers_;
    std::atomic<std::size_t> next_{0};
};

}  // namespace booster
