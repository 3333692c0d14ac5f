#include "core/xlators/performance/io-cache/page_pool.hpp"

#include <utility>

namespace booster {

std::shared_ptr<PagePool> PagePool::create(std::size_t page_size, std::size_t max_buffers) {
    return std::shared_ptr<PagePool>(new PagePool(page_size, max_buffers));
}

std::shared_ptr<Page> PagePool::make_page() {
    auto* page = new Page(take_buffer());
    return std::shared_ptr<Page>(page, [pool = weak_from_this()](Page* p) {
        if (std::shared_ptr<PagePool> alive = pool.lock()) alive->give_back(std::move(p->bytes));
        delete p;
    });
}

std::size_t PagePool::free_buffers() const {
    std::lock_guard lock(mu_);
    return free_.size();
}

std::unique_ptr<char[]> PagePool::take_buffer() {
    {
        std::lock_guard lock(mu_);
        ++in_pages_;
        if (!free_.empty()) {
            std::unique_ptr<char[]> buffer = std::move(free_.back());
            free_.pop_back();
            return buffer;
        }
    }
    return std::make_unique_for_overwrite<char[]>(page_size_);
}

void PagePool::give_back(std::unique_ptr<char[]> buffer) {
    std::lock_guard lock(mu_);
    --in_pages_;
    if (in_pages_ + free_.size() < max_buffers_) free_.push_back(std::move(buffer));
}

}  // namespace booster
