// stat-prefetch: lookups answered from a listing's cache, lookup-behind, and the directories'
// own attributes remembered from lookup replies.
#include "core/xlators/performance/stat-prefetch/stat_prefetch.hpp"

namespace booster {

namespace {

bool same_time(const timespec& a, const timespec& b) { return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec; }

// Whether a lookup-behind found the object as the cache described it (atime aside: reading
// does not make an answer wrong).
bool same_state(const Iatt& a, const Iatt& b) {
    return a.gfid == b.gfid && a.mode == b.mode && a.nlink == b.nlink && a.uid == b.uid && a.gid == b.gid &&
           a.size == b.size && same_time(a.mtime, b.mtime) && same_time(a.ctime, b.ctime);
}

}  // namespace

Task<Result<EntryReply>> StatPrefetch::lookup(const Request& req, const Loc& loc) {
    // xdata asks for more than a listing carries (need_xattr): never from the cache.
    DirState* dir = req.xdata == nullptr && loc.parent && !loc.name.empty() ? ctx<DirState>(*loc.parent) : nullptr;
    if (dir == nullptr) return lookup_below(req, loc);
    return lookup_cached(req, loc, *dir);
}

Task<Result<EntryReply>> StatPrefetch::lookup_cached(const Request& req, const Loc& loc, DirState& dir) {
    co_await dir.waiting_lookups().park_if([&] {
        if (!dir.worth_waiting(req.pid, loc.name)) return false;
        counters_.waited.fetch_add(1, std::memory_order_relaxed);
        return true;
    });
    std::optional<Iatt> hit = dir.find(req.pid, loc.name);
    if (!hit) co_return co_await lookup_below(req, loc);
    counters_.hits.fetch_add(1, std::memory_order_relaxed);
    if (lookup_behind_) send_behind(req, loc, *hit);
    co_return EntryReply{*hit, dir.own_stat(), {}};
}

Task<Result<EntryReply>> StatPrefetch::lookup_below(const Request& req, const Loc& loc) {
    counters_.misses.fetch_add(1, std::memory_order_relaxed);
    const std::uint64_t epoch = dir_epoch_.load();
    Result<EntryReply> reply = co_await first_child().lookup(req, loc);
    if (reply) remember_directories(loc, *reply, epoch);
    co_return reply;
}

void StatPrefetch::send_behind(const Request& req, const Loc& loc, const Iatt& answered) {
    behind_.send(first_child(), req, loc,
                 [this, parent = loc.parent, name = loc.name, answered](const Result<EntryReply>& found) {
                     if (found && same_state(found->attr, answered)) return;
                     counters_.behind_disagreed.fetch_add(1, std::memory_order_relaxed);
                     stale_name(*parent, name);
                 });
}

// Seed: "stat is stored in the context of inode if the path being looked upon happens to be
// directory"; a reply's postparent is the parent's own stat as well.
void StatPrefetch::remember_directories(const Loc& loc, const EntryReply& reply, std::uint64_t epoch) {
    if (reply.postparent && loc.parent) remember_own_stat(*loc.parent, *reply.postparent, epoch);
    if (!reply.attr.is_dir()) return;
    InodeTable* table = loc.inode ? &loc.inode->table() : loc.parent ? &loc.parent->table() : nullptr;
    if (table == nullptr) return;
    // The table's inode for that gfid, or the Loc's new one, which the caller is about to link.
    InodeRef known = table->find(reply.attr.gfid);
    Inode* dir = known ? known.get() : loc.inode.get();
    if (dir != nullptr) remember_own_stat(*dir, reply.attr, epoch);
}

void StatPrefetch::remember_own_stat(Inode& dir, const Iatt& attr, std::uint64_t epoch) {
    dir_state(dir).set_own_stat_if(attr, dir_epoch_, epoch);
}

}  // namespace booster
