#include "core/xlators/performance/io-cache/page_cache.hpp"

#include <array>

#include "core/xlators/performance/io-cache/copy_out.hpp"

namespace booster {

PageCache::ReadState PageCache::read_state(const InodePages& file) const {
    std::lock_guard lock(mu_);
    ReadState state{.generation = file.generation,
                    .unknown = file.pages.empty() && !file.stamp && !file.streamed};
    if (file.validated && file.stamp) state.size = file.stamp->size;
    return state;
}

std::optional<std::uint64_t> PageCache::validate(InodePages& file, std::uint64_t seen_generation,
                                                 const FileStamp& stamp) {
    std::lock_guard lock(mu_);
    if (file.generation != seen_generation) return std::nullopt;
    if (file.stamp != stamp) {
        drop_pages_locked(file);
        ++file.generation;
        file.stamp = stamp;
    }
    file.validated = true;
    return file.generation;
}

std::optional<std::size_t> PageCache::read_hit(InodePages& file, off_t offset, IoVecs dst) {
    std::lock_guard lock(mu_);
    if (file.pages.empty() || !file.validated || !file.stamp) return std::nullopt;
    file.stream_end.reset();
    const PageSpan span =
        PageSpan::covering(static_cast<std::uint64_t>(offset), total_size(dst), file.stamp->size, page_size_);
    if (span.count > kInlineCopyPages) return std::nullopt;
    std::array<const Page*, kInlineCopyPages> run{};
    std::array<LruList::iterator, kInlineCopyPages> cached{};
    for (std::uint64_t i = 0; i < span.count; ++i) {
        auto it = file.pages.find(span.first + i);
        if (it == file.pages.end()) return std::nullopt;
        cached[i] = it->second;
        run[i] = it->second->page.get();
    }
    for (std::uint64_t i = 0; i < span.count; ++i) lru_.splice(lru_.begin(), lru_, cached[i]);
    return copy_out(std::span(run.data(), span.count), span.first, page_size_, offset, dst);
}

std::optional<PageRun> PageCache::find(InodePages& file, PageSpan span) {
    PageRun run;
    run.reserve(span.count);
    std::lock_guard lock(mu_);
    if (!file.validated) return std::nullopt;
    for (std::uint64_t i = span.first; i < span.first + span.count; ++i) {
        auto it = file.pages.find(i);
        if (it == file.pages.end()) return std::nullopt;
        lru_.splice(lru_.begin(), lru_, it->second);
        run.push_back(it->second->page);
    }
    return run;
}

void PageCache::insert(InodePages& file, std::uint64_t generation, std::uint64_t first, const PageRun& run) {
    std::lock_guard lock(mu_);
    if (file.generation != generation || !file.stamp) return;
    for (std::uint64_t i = 0; i < run.size(); ++i) {
        const std::uint64_t index = first + i;
        if (auto old = file.pages.find(index); old != file.pages.end()) erase_locked(old->second);
        lru_.push_front({&file, index, run[i]});
        file.pages.emplace(index, lru_.begin());
    }
    while (lru_.size() > capacity_pages_) {
        erase_locked(std::prev(lru_.end()));
        ++evictions_;
    }
}

void PageCache::opened(InodePages& file) {
    std::lock_guard lock(mu_);
    file.validated = false;
    file.stream_eof.reset();
    if (file.pages.empty() && !file.streamed) {
        file.stream_end = 0;
    } else {
        file.stream_end.reset();
    }
}

std::optional<std::uint64_t> PageCache::claim_stream(InodePages& file, std::uint64_t offset, std::uint64_t length) {
    std::lock_guard lock(mu_);
    file.stream_eof.reset();
    if (length < kStreamMinPages * page_size_ || file.stream_end != offset || !file.pages.empty()) {
        file.stream_end.reset();
        return std::nullopt;
    }
    file.stream_end = offset + length;
    file.streamed = true;
    ++streamed_;
    return file.generation;
}

void PageCache::stream_found_end(InodePages& file, std::uint64_t generation, std::uint64_t end) {
    std::lock_guard lock(mu_);
    if (file.generation == generation && file.stream_end) file.stream_eof = end;
}

bool PageCache::take_stream_end(InodePages& file, std::uint64_t offset) {
    std::lock_guard lock(mu_);
    if (file.stream_eof != offset) return false;
    file.stream_eof.reset();
    return true;
}

void PageCache::invalidate(InodePages& file) {
    std::lock_guard lock(mu_);
    drop_pages_locked(file);
    ++file.generation;
    file.stamp.reset();
    file.validated = false;
    file.stream_eof.reset();
}

void PageCache::forget(InodePages& file) {
    std::lock_guard lock(mu_);
    while (!file.pages.empty()) erase_locked(file.pages.begin()->second);
}

void PageCache::clear() {
    std::lock_guard lock(mu_);
    while (!lru_.empty()) erase_locked(lru_.begin());
}

std::string PageCache::render() const {
    std::lock_guard lock(mu_);
    return "pages=" + std::to_string(lru_.size()) + " bytes=" + std::to_string(lru_.size() * page_size_) +
           " drops=" + std::to_string(drops_) + " evictions=" + std::to_string(evictions_) +
           " free=" + std::to_string(pool_->free_buffers()) + " streamed=" + std::to_string(streamed_);
}

void PageCache::drop_pages_locked(InodePages& file) {
    drops_ += file.pages.size();
    while (!file.pages.empty()) erase_locked(file.pages.begin()->second);
}

void PageCache::erase_locked(LruList::iterator it) {
    it->owner->pages.erase(it->index);
    lru_.erase(it);
}

}  // namespace booster
