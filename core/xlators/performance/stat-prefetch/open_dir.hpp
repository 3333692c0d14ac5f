// OpenDir: stat-prefetch's context on an fd opened by opendir: the fd's DentryCache, opened in
// the directory's DirState when opendir succeeds and closed when the fd is released
// (releasedir: the destructor), which frees the entries (seed 002: "releasedir: free the
// context stored in fd").
// Ownership: lives in the fd's context slot. The DirState belongs to the fd's inode, which the
// fd holds until after its contexts are gone; `open_caches` is the translator's count of open
// caches, which outlives every fd of its graph.
// Thread-safety: constructed and destroyed once; the DirState guards the cache.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstddef>

#include "core/engine/ctx.hpp"
#include "core/xlators/performance/stat-prefetch/dir_state.hpp"

namespace booster {

class OpenDir final : public Ctx {
public:
    OpenDir(DirState& dir, pid_t pid, std::atomic<std::size_t>& open_caches)
        : dir_(dir), cache_(dir.open_cache(pid)), open_caches_(open_caches) {
        open_caches_.fetch_add(1);
    }
    ~OpenDir() override {
        dir_.close_cache(cache_);
        open_caches_.fetch_sub(1);
    }
    OpenDir(const OpenDir&) = delete;
    OpenDir& operator=(const OpenDir&) = delete;

    DirState& dir() const { return dir_; }
    DirState::CacheHandle cache() const { return cache_; }

private:
    DirState& dir_;
    const DirState::CacheHandle cache_;
    std::atomic<std::size_t>& open_caches_;
};

}  // namespace booster
