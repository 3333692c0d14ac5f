#include "core/xlators/performance/write-behind/buffer_pool.hpp"

#include <algorithm>

namespace booster {

void BufferPool::GiveBack::operator()(char* bytes) const noexcept {
    if (pool) pool->give_back(bytes, size);
    else delete[] bytes;
}

// Reserved up front: giving a buffer back never allocates.
BufferPool::BufferPool(std::size_t buffer_size, std::size_t keep) : buffer_size_(buffer_size), keep_(keep) {
    free_.reserve(keep);
    free_large_.reserve(keep);
}

BufferPool::~BufferPool() {
    for (char* bytes : free_) delete[] bytes;
    for (const Large& l : free_large_) delete[] l.bytes;
}

BufferPool::Buffer BufferPool::take(const std::shared_ptr<BufferPool>& pool) {
    char* bytes = nullptr;
    {
        std::lock_guard lock(pool->mu_);
        if (!pool->free_.empty()) {
            bytes = pool->free_.back();
            pool->free_.pop_back();
        }
    }
    if (bytes == nullptr) bytes = new char[pool->buffer_size_];
    return Buffer(bytes, GiveBack{pool, pool->buffer_size_});
}

BufferPool::Buffer BufferPool::copy_buffer(const std::shared_ptr<BufferPool>& pool, std::size_t size) {
    if (size <= pool->buffer_size_) return Buffer(new char[size], GiveBack{});
    char* bytes = nullptr;
    {
        std::lock_guard lock(pool->mu_);
        auto& large = pool->free_large_;
        if (auto it = std::ranges::find(large, size, &Large::size); it != large.end()) {
            bytes = it->bytes;
            pool->free_large_bytes_ -= size;
            *it = large.back();
            large.pop_back();
        }
    }
    if (bytes == nullptr) bytes = new char[size];
    return Buffer(bytes, GiveBack{pool, size});
}

std::size_t BufferPool::free_bytes() const {
    std::lock_guard lock(mu_);
    return free_.size() * buffer_size_ + free_large_bytes_;
}

void BufferPool::give_back(char* bytes, std::size_t size) noexcept {
    {
        std::lock_guard lock(mu_);
        if (size == buffer_size_) {
            if (free_.size() < keep_) {
                free_.push_back(bytes);
                return;
            }
        } else if (free_large_bytes_ + size <= keep_ * buffer_size_) {
            free_large_.push_back({size, bytes});
            free_large_bytes_ += size;
            return;
        }
    }
    delete[] bytes;
}

}  // namespace booster
