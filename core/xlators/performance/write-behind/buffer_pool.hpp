// BufferPool: write-behind's recycled buffers for the copies of cached writes.
//   * Buffers of aggregate-size (take()), into which contiguous cached writes are appended while
//     they wait to be sent (WriteQueue::append), so that a run of small sequential writes costs
//     one buffer per batch, taken from here rather than from malloc. At most `keep` stay free.
//   * Copies of writes larger than aggregate-size (copy_buffer()), kept free up to `keep` x
//     aggregate-size bytes in all and handed to the next write of the same size: malloc gives a
//     freed copy of that size back to the kernel (glibc's trim threshold), so a writer of large
//     blocks paid a page fault for every 4 KiB of every copy, and the kernel's zeroing of it.
//   * Smaller copies: exact-size from malloc, which recycles those itself.
// A Buffer is a unique_ptr whose deleter gives a pooled buffer back (it holds the pool, so the
// pool lives as long as its last buffer) and deletes the others.
// Thread-safety: take(), copy_buffer() and the deleter from any thread (a batch's buffer is
// taken on the writer's thread and given back on the thread of the reply).
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace booster {

class BufferPool {
public:
    struct GiveBack {
        std::shared_ptr<BufferPool> pool;  // null: deleted
        std::size_t size = 0;              // the buffer's size, when pooled
        void operator()(char* bytes) const noexcept;
    };
    using Buffer = std::unique_ptr<char[], GiveBack>;

    BufferPool(std::size_t buffer_size, std::size_t keep);
    BufferPool(const BufferPool&) = delete;
    BufferPool& operator=(const BufferPool&) = delete;
    ~BufferPool();

    // A buffer of `pool`'s size, which writes may be appended to.
    static Buffer take(const std::shared_ptr<BufferPool>& pool);
    // A buffer of `size` bytes for one write's copy.
    static Buffer copy_buffer(const std::shared_ptr<BufferPool>& pool, std::size_t size);
    // Bytes of the free buffers kept (the dump's pooled-bytes).
    std::size_t free_bytes() const;
    // Whether `b` came from take() of this pool.
    bool appendable(const Buffer& b) const {
        return b.get_deleter().pool.get() == this && b.get_deleter().size == buffer_size_;
    }

private:
    struct Large {
        std::size_t size;
        char* bytes;
    };
    void give_back(char* bytes, std::size_t size) noexcept;

    const std::size_t buffer_size_;
    const std::size_t keep_;
    mutable std::mutex mu_;
    std::vector<char*> free_;
    std::vector<Large> free_large_;  // each larger than buffer_size_: fewer than keep_
    std::size_t free_large_bytes_ = 0;
};

}  // namespace booster
