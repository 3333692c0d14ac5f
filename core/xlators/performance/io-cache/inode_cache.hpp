// InodeCache: io-cache's context on an inode: the file's InodePages, registered with the
// translator's PageCache. Its destruction is the forget: the file's pages leave the cache.
// Thread-safety: created once per inode (ctx_or_create); its pages are the PageCache's to guard.
#pragma once

#include <memory>
#include <utility>

#include "core/engine/ctx.hpp"
#include "core/xlators/performance/io-cache/inode_pages.hpp"
#include "core/xlators/performance/io-cache/page_cache.hpp"

namespace booster {

class InodeCache final : public Ctx {
public:
    explicit InodeCache(std::shared_ptr<PageCache> cache) : cache_(std::move(cache)) {}
    ~InodeCache() override { cache_->forget(pages_); }
    InodeCache(const InodeCache&) = delete;
    InodeCache& operator=(const InodeCache&) = delete;

    InodePages& pages() { return pages_; }

private:
    std::shared_ptr<PageCache> cache_;
    InodePages pages_;
};

}  // namespace booster
