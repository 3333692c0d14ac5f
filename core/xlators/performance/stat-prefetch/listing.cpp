// stat-prefetch: opendir registers the fd's cache; readdir and readdirp fill it.
#include "core/xlators/performance/stat-prefetch/stat_prefetch.hpp"

namespace booster {

namespace {

// A child that cannot list with attributes still lists (nothing gets cached then).
bool lacks_readdirp(const Error& e) { return e.errnum == ENOSYS || e.errnum == EOPNOTSUPP; }

}  // namespace

Task<Result<Unit>> StatPrefetch::opendir(const Request& req, const Loc& loc, Fd& fd) {
    Result<Unit> opened = co_await first_child().opendir(req, loc, fd);
    if (opened) (void)ctx_or_create<OpenDir>(fd, dir_state(fd.inode()), fd.pid(), open_caches_);
    co_return opened;
}

Task<Result<Dirents>> StatPrefetch::readdir(const Request& req, Fd& fd, std::size_t size, std::uint64_t offset) {
    OpenDir* open = ctx<OpenDir>(fd);
    if (open == nullptr) return first_child().readdir(req, fd, size, offset);
    return list(req, fd, *open, size, offset, false);
}

Task<Result<Dirents>> StatPrefetch::readdirp(const Request& req, Fd& fd, std::size_t size, std::uint64_t offset) {
    OpenDir* open = ctx<OpenDir>(fd);
    if (open == nullptr) return first_child().readdirp(req, fd, size, offset);
    return list(req, fd, *open, size, offset, true);
}

Task<Result<Dirents>> StatPrefetch::list(const Request& req, Fd& fd, OpenDir& open, std::size_t size,
                                         std::uint64_t offset, bool with_attributes) {
    DirState& dir = open.dir();
    const DirState::ReadTicket ticket = dir.start_read(open.cache(), offset);
    if (ticket.flushed) counters_.offset_flushes.fetch_add(1, std::memory_order_relaxed);
    const std::uint64_t epoch = dir_epoch_.load();
    Result<Dirents> listed = co_await first_child().readdirp(req, fd, size, offset);
    if (!listed && !with_attributes && lacks_readdirp(listed.error()))
        listed = co_await first_child().readdir(req, fd, size, offset);

    const bool kept = dir.finish_read(open.cache(), ticket, listed ? &*listed : nullptr);
    if (listed) {
        (kept ? counters_.fills : counters_.fills_dropped).fetch_add(1, std::memory_order_relaxed);
        if (kept) remember_listed_self(fd.inode(), *listed, epoch);
    }
    dir.waiting_lookups().resume_all();
    // Seed, readdir rule 3: reading a directory changes its atime, so its own entry goes.
    stale_entries(fd.inode());
    if (listed && !with_attributes)
        for (Dirent& d : *listed) d.attr.reset();
    co_return listed;
}

// The "." entry of a listing is the directory itself.
void StatPrefetch::remember_listed_self(Inode& dir, const Dirents& listed, std::uint64_t epoch) {
    for (const Dirent& d : listed)
        if (d.name == "." && d.attr) remember_own_stat(dir, *d.attr, epoch);
}

}  // namespace booster
