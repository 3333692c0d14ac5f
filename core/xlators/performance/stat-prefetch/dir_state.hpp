// DirState: stat-prefetch's context on a directory inode (seed 002): the directory's own
// attributes, answered as postparent; the DentryCache of every fd open on it; and the lookups
// waiting for a listing read of their process that is still in flight.
//
// One mutex per directory guards all of it. A listing generation counts the invalidations of
// its entries: a read applies its reply only if the generation has not moved since the read
// started (GlusterFS's later lesson, rule 12: a reply that raced with an invalidation may
// carry what the invalidation was about). The own attributes are set only if the translator's
// directory epoch has not moved since the fop that brought them started (stat_prefetch.hpp).
// Ownership: lives in the inode's context slot and dies with the inode (forget). Caches are
// opened and closed by OpenDir, the fd context; an fd holds its inode, so no cache outlives
// its DirState.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string_view>

#include "core/engine/call_stub.hpp"
#include "core/engine/ctx.hpp"
#include "core/engine/fop_types.hpp"
#include "core/engine/iatt.hpp"
#include "core/xlators/performance/stat-prefetch/dentry_cache.hpp"

namespace booster {

class DirState final : public Ctx {
public:
    using CacheHandle = std::list<DentryCache>::iterator;

    struct ReadTicket {
        std::uint64_t generation = 0;
        bool flushed = false;  // the read started at an unexpected offset and emptied the cache
    };

    // `live` counts the DirStates in existence (for dump()); it must outlive this one.
    explicit DirState(std::atomic<std::size_t>& live);
    ~DirState() override;
    DirState(const DirState&) = delete;
    DirState& operator=(const DirState&) = delete;

    CacheHandle open_cache(pid_t pid);
    void close_cache(CacheHandle cache);

    ReadTicket start_read(CacheHandle cache, std::uint64_t offset);
    // Ends a read started with `ticket`; `listed` is its reply, null if it failed. True if the
    // entries were kept.
    bool finish_read(CacheHandle cache, const ReadTicket& ticket, const Dirents* listed);

    // The attributes `name` had when a cache of process `pid` listed it.
    std::optional<Iatt> find(pid_t pid, std::string_view name) const;
    // Whether a lookup of `name` by `pid` should wait: not cached, but a read of that process
    // is in flight and may bring it.
    bool worth_waiting(pid_t pid, std::string_view name) const;
    StubQueue& waiting_lookups() { return waiting_; }

    // Invalidation: one entry of every cache, or every cache and the own attributes.
    void forget(std::string_view name);
    void forget_listing();

    std::optional<Iatt> own_stat() const;
    // Keeps `attr` unless `epoch` has moved past `seen` (checked under this directory's mutex,
    // so an invalidation that bumps the epoch and then forgets the own stat cannot be missed).
    void set_own_stat_if(const Iatt& attr, const std::atomic<std::uint64_t>& epoch, std::uint64_t seen);
    void forget_own_stat();

private:
    const DentryCache* find_locked(pid_t pid, std::string_view name) const;

    std::atomic<std::size_t>& live_;
    mutable std::mutex mu_;
    std::list<DentryCache> caches_;   // guarded by mu_
    std::uint64_t generation_ = 0;    // guarded by mu_
    std::optional<Iatt> own_;         // guarded by mu_
    StubQueue waiting_;
};

}  // namespace booster
