#include "core/xlators/performance/write-behind/buffer_pool.hpp"

namespace booster {

void BufferPool::GiveBack::operator()(char* bytes) const noexcept {
    if (pool) pool->give_back(bytes);
    else delete[] bytes;
}

BufferPool::~BufferPool() {
    for (char* bytes : free_) delete[] bytes;
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
    return Buffer(bytes, GiveBack{pool});
}

BufferPool::Buffer BufferPool::exact(std::size_t size) { return Buffer(new char[size], GiveBack{}); }

void BufferPool::give_back(char* bytes) noexcept {
    {
        std::lock_guard lock(mu_);
        if (free_.size() < keep_) {
            free_.push_back(bytes);
            return;
        }
    }
    delete[] bytes;
}

}  // namespace booster
