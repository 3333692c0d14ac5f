// BusyFiles: the files of one write-behind translator that have writes pending, and the
// batches in flight to its child.
//
// Two users: lookup and readdirp, which would have to search the inode table for pending
// writes, skip the search when no file is busy (any()); and fini(), which makes every held
// write go (a file's queue may hold writes for aggregation) and waits for the last reply, so
// that nothing is lost when a graph is torn down with files still open, and no write is in
// flight when the inode table goes (the graph runs fini() before dropping it).
// A queue registers under its own mutex when it gains its first pending write and deregisters
// when it loses its last; a batch counts from its sending until its writes (and with them
// their Fds) are released.
// Thread-safety: every method from any thread; lock order: a queue's mutex, then this one's.
#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/engine/inode.hpp"

namespace booster {

class WriteQueue;

class BusyFiles {
public:
    bool any() const { return files_.load(std::memory_order_acquire) != 0; }
    std::size_t count() const { return files_.load(std::memory_order_relaxed); }

    void became_busy(WriteQueue* q) {
        std::lock_guard lock(mu_);
        queues_.insert(q);
        files_.store(queues_.size(), std::memory_order_release);
    }
    void became_idle(WriteQueue* q) {
        std::lock_guard lock(mu_);
        queues_.erase(q);
        files_.store(queues_.size(), std::memory_order_release);
    }

    void batch_sent() { batches_.fetch_add(1, std::memory_order_acq_rel); }
    void batch_released() {
        if (batches_.fetch_sub(1, std::memory_order_acq_rel) == 1) batches_.notify_all();
    }

    // The busy queues, each with a reference on its inode: a busy queue cannot go while it is
    // registered, and the reference keeps it after it deregisters.
    template <class InodeOf>
    std::vector<std::pair<InodeRef, WriteQueue*>> snapshot(InodeOf inode_of) const {
        std::lock_guard lock(mu_);
        std::vector<std::pair<InodeRef, WriteQueue*>> out;
        for (WriteQueue* q : queues_) out.emplace_back(inode_of(*q), q);
        return out;
    }

    void wait_for_batches() const {
        for (std::size_t n = batches_.load(std::memory_order_acquire); n != 0;
             n = batches_.load(std::memory_order_acquire))
            batches_.wait(n, std::memory_order_acquire);
    }

private:
    mutable std::mutex mu_;
    std::unordered_set<WriteQueue*> queues_;
    std::atomic<std::size_t> files_{0};
    std::atomic<std::size_t> batches_{0};
};

}  // namespace booster
