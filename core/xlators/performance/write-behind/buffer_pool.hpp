// BufferPool: write-behind's recycled buffers of aggregate-size, into which contiguous cached
// writes are appended while they wait to be sent (WriteQueue::append), so that a run of small
// sequential writes costs one buffer per batch, taken from here rather than from malloc.
//
// A Buffer is a unique_ptr whose deleter gives a pooled buffer back (it holds the pool, so the
// pool lives as long as its last buffer) and deletes an exact-size one (no pool). The pool keeps
// at most `keep` free buffers: about what one file's window holds in flight.
// Thread-safety: take() and the deleter from any thread (a batch's buffer is taken on the
// writer's thread and given back on the thread of the reply).
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace booster {

class BufferPool {
public:
    struct GiveBack {
        std::shared_ptr<BufferPool> pool;  // null: an exact-size buffer, deleted
        void operator()(char* bytes) const noexcept;
    };
    using Buffer = std::unique_ptr<char[], GiveBack>;

    BufferPool(std::size_t buffer_size, std::size_t keep) : buffer_size_(buffer_size), keep_(keep) {
        free_.reserve(keep);
    }
    BufferPool(const BufferPool&) = delete;
    BufferPool& operator=(const BufferPool&) = delete;
    ~BufferPool();

    // A buffer of `pool`'s size.
    static Buffer take(const std::shared_ptr<BufferPool>& pool);
    // A buffer of `size` bytes of its own.
    static Buffer exact(std::size_t size);

private:
    void give_back(char* bytes) noexcept;

    const std::size_t buffer_size_;
    const std::size_t keep_;
    std::mutex mu_;
    std::vector<char*> free_;
};

}  // namespace booster
