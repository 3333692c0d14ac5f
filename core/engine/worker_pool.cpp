#include "core/engine/worker_pool.hpp"

namespace booster {

namespace {

// The worker the calling thread is, if any, so that a hop can move to a different one.
thread_local const void* current_worker = nullptr;

}  // namespace

WorkerPool::WorkerPool(std::size_t threads) {
    for (std::size_t i = 0; i < threads; ++i) workers_.push_back(std::make_unique<Worker>());
    for (auto& w : workers_) w->thread = std::thread([&w = *w] { run(w); });
}

WorkerPool::~WorkerPool() { stop(); }

void WorkerPool::stop() {
    for (auto& w : workers_) {
        {
            std::lock_guard lock(w->mu);
            w->stopping = true;
        }
        w->wake.notify_one();
    }
    for (auto& w : workers_)
        if (w->thread.joinable()) w->thread.join();
}

WorkerPool::Worker& WorkerPool::pick() {
    const std::size_t n = workers_.size();
    std::size_t i = next_.fetch_add(1, std::memory_order_relaxed) % n;
    if (workers_[i].get() == current_worker) i = (i + 1) % n;
    return *workers_[i];
}

bool WorkerPool::post(std::coroutine_handle<> h) {
    Worker& w = pick();
    {
        std::lock_guard lock(w.mu);
        if (w.stopping) return false;
        w.queue.push_back(h);
    }
    w.wake.notify_one();
    return true;
}

void WorkerPool::run(Worker& w) {
    current_worker = &w;
    std::unique_lock lock(w.mu);
    while (true) {
        w.wake.wait(lock, [&] { return !w.queue.empty() || w.stopping; });
        if (w.queue.empty()) return;
        const std::coroutine_handle<> h = w.queue.front();
        w.queue.pop_front();
        lock.unlock();
        h.resume();
        lock.lock();
    }
}

}  // namespace booster
