#include "core/xlators/performance/io-cache/io_cache.hpp"

#include <fcntl.h>

#include "core/engine/log.hpp"
#include "core/engine/when_all.hpp"
#include "core/xlators/performance/io-cache/copy_out.hpp"

namespace booster {

Status IoCache::init() {
    if (children().size() != 1) {
        BLOG(LogLevel::kError, name().c_str(), "needs exactly one subvolume, has %zu", children().size());
        return fail(EINVAL);
    }
    const std::uint64_t page_size = options().size("page-size");
    const std::uint64_t cache_size = options().size("cache-size");
    if (cache_size < page_size) {
        BLOG(LogLevel::kError, name().c_str(), "cache-size (%llu) is smaller than page-size (%llu)",
             static_cast<unsigned long long>(cache_size), static_cast<unsigned long long>(page_size));
        return fail(EINVAL);
    }
    cache_ = std::make_shared<PageCache>(page_size, cache_size);
    return ok();
}

void IoCache::fini() { cache_->clear(); }

std::string IoCache::dump() const {
    auto v = [](const std::atomic<std::uint64_t>& a) { return std::to_string(a.load(std::memory_order_relaxed)); };
    return "hits=" + v(hits_) + " misses=" + v(misses_) + " validations=" + v(validations_) + " " + cache_->render() +
           "\n";
}

bool IoCache::cacheable(const Fd& fd, unsigned flags) const {
    return flags == 0 && (fd.flags() & O_DIRECT) == 0 && (fd.flags() & O_ACCMODE) != O_WRONLY;
}

InodeCache& IoCache::inode_cache(Inode& inode) const { return ctx_or_create<InodeCache>(inode, cache_); }

void IoCache::invalidate(Inode* inode) const {
    if (inode == nullptr) return;
    if (InodeCache* c = ctx<InodeCache>(*inode)) cache_->invalidate(c->pages());
}

void IoCache::forget_cached(Inode& inode) {
    invalidate(&inode);
    Xlator::forget_cached(inode);
}

template <class R>
Task<Result<R>> IoCache::changing(Inode* inode, Task<Result<R>> next) {
    invalidate(inode);
    Result<R> r = co_await std::move(next);
    invalidate(inode);
    co_return r;
}

Task<Result<EntryReply>> IoCache::create(const Request& req, const Loc& loc, int flags, mode_t mode, mode_t umask,
                                         Fd& fd) {
    // A create may open an existing file (and truncate it): the table knows it by name.
    InodeRef existing = loc.existing_child();
    invalidate(existing.get());
    return changing(&fd.inode(), first_child().create(req, loc, flags, mode, umask, fd));
}

Task<Result<Unit>> IoCache::open(const Request& req, const Loc& loc, int flags, Fd& fd) {
    if (flags & O_TRUNC) return changing(&fd.inode(), first_child().open(req, loc, flags, fd));
    cache_->opened(inode_cache(fd.inode()).pages());
    return first_child().open(req, loc, flags, fd);
}

Task<Result<std::size_t>> IoCache::readv(const Request& req, Fd& fd, IoVecs dst, off_t offset, unsigned flags) {
    if (!cacheable(fd, flags) || offset < 0) return first_child().readv(req, fd, dst, offset, flags);
    if (std::optional<std::size_t> n = cache_->read_hit(inode_cache(fd.inode()).pages(), offset, dst)) {
        hits_.fetch_add(1, std::memory_order_relaxed);
        return ready<Result<std::size_t>>(*n);
    }
    return cached_readv(req, fd, dst, offset);
}

Task<Result<std::size_t>> IoCache::cached_readv(const Request& req, Fd& fd, IoVecs dst, off_t offset) {
    InodePages& file = inode_cache(fd.inode()).pages();
    if (cache_->take_stream_end(file, static_cast<std::uint64_t>(offset))) co_return 0;
    if (std::optional<std::uint64_t> generation =
            cache_->claim_stream(file, static_cast<std::uint64_t>(offset), total_size(dst))) {
        co_return co_await stream_read(req, fd, dst, offset, *generation);
    }
    PageCache::ReadState state = cache_->read_state(file);
    if (state.unknown) co_return co_await validating_read(req, fd, dst, offset, state.generation);
    if (!state.size) {
        Result<Iatt> attr = co_await first_child().fstat(req, fd);
        if (!attr) co_return co_await first_child().readv(req, fd, dst, offset, 0);
        validations_.fetch_add(1, std::memory_order_relaxed);
        std::optional<std::uint64_t> generation = cache_->validate(file, state.generation, FileStamp::of(*attr));
        if (!generation) co_return co_await first_child().readv(req, fd, dst, offset, 0);
        state = {.generation = *generation, .size = attr->size};
    }
    const PageSpan span = PageSpan::covering(static_cast<std::uint64_t>(offset), total_size(dst), *state.size,
                                             cache_->page_size());
    if (span.count > cache_->capacity_pages()) co_return co_await first_child().readv(req, fd, dst, offset, 0);
    if (span.empty()) {
        hits_.fetch_add(1, std::memory_order_relaxed);
        co_return 0;
    }
    if (std::optional<PageRun> run = cache_->find(file, span)) {
        hits_.fetch_add(1, std::memory_order_relaxed);
        co_return copy_out(*run, span.first, cache_->page_size(), offset, dst);
    }
    misses_.fetch_add(1, std::memory_order_relaxed);
    Result<PageRun> run = co_await fill(req, fd, span);
    if (!run) co_return std::unexpected(run.error());
    cache_->insert(file, state.generation, span.first, *run);
    co_return copy_out(*run, span.first, cache_->page_size(), offset, dst);
}

Task<Result<std::size_t>> IoCache::stream_read(const Request& req, Fd& fd, IoVecs dst, off_t offset,
                                               std::uint64_t generation) {
    const std::size_t wanted = total_size(dst);
    std::vector<iovec> iov(dst.begin(), dst.end());
    char probe = 0;
    iov.push_back({&probe, 1});
    Result<std::size_t> n = co_await first_child().readv(req, fd, IoVecs(iov), offset, 0);
    if (!n) co_return n;
    if (*n <= wanted)
        cache_->stream_found_end(inode_cache(fd.inode()).pages(), generation, static_cast<std::uint64_t>(offset) + *n);
    co_return std::min(*n, wanted);
}

Task<Result<std::size_t>> IoCache::validating_read(const Request& req, Fd& fd, IoVecs dst, off_t offset,
                                                   std::uint64_t generation) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    auto [attr, n] = co_await when_all(first_child().fstat(req, fd), first_child().readv(req, fd, dst, offset, 0));
    if (attr) {
        validations_.fetch_add(1, std::memory_order_relaxed);
        (void)cache_->validate(inode_cache(fd.inode()).pages(), generation, FileStamp::of(*attr));
    }
    co_return n;
}

Task<Result<PageRun>> IoCache::fill(const Request& req, Fd& fd, PageSpan span) {
    const std::size_t page_size = cache_->page_size();
    std::vector<std::shared_ptr<Page>> pages;
    std::vector<iovec> iov;
    pages.reserve(span.count);
    iov.reserve(span.count);
    for (std::uint64_t i = 0; i < span.count; ++i) {
        pages.push_back(cache_->make_page());
        iov.push_back({pages.back()->bytes.get(), page_size});
    }
    const auto at = static_cast<off_t>(span.first * page_size);
    Result<std::size_t> n = co_await first_child().readv(req, fd, IoVecs(iov), at, 0);
    if (!n) co_return std::unexpected(n.error());
    PageRun run;
    for (std::size_t i = 0; i < pages.size() && i * page_size < *n; ++i) {
        pages[i]->size = std::min(page_size, *n - i * page_size);
        run.push_back(std::move(pages[i]));
    }
    co_return run;
}

Task<Result<std::size_t>> IoCache::writev(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags) {
    return changing(&fd.inode(), first_child().writev(req, fd, src, offset, flags));
}

Task<Result<Iatt>> IoCache::setattr(const Request& req, const Loc& loc, const SetAttr& attr) {
    return changing(loc.inode.get(), first_child().setattr(req, loc, attr));
}

Task<Result<Iatt>> IoCache::fsetattr(const Request& req, Fd& fd, const SetAttr& attr) {
    return changing(&fd.inode(), first_child().fsetattr(req, fd, attr));
}

Task<Result<Unit>> IoCache::fallocate(const Request& req, Fd& fd, int mode, off_t offset, off_t length) {
    return changing(&fd.inode(), first_child().fallocate(req, fd, mode, offset, length));
}

Task<Result<Unit>> IoCache::discard(const Request& req, Fd& fd, off_t offset, off_t length) {
    return changing(&fd.inode(), first_child().discard(req, fd, offset, length));
}

Task<Result<Unit>> IoCache::zerofill(const Request& req, Fd& fd, off_t offset, off_t length) {
    return changing(&fd.inode(), first_child().zerofill(req, fd, offset, length));
}

Task<Result<std::size_t>> IoCache::copy_file_range(const Request& req, Fd& in, off_t in_offset, Fd& out,
                                                   off_t out_offset, std::size_t length, unsigned flags) {
    return changing(&out.inode(), first_child().copy_file_range(req, in, in_offset, out, out_offset, length, flags));
}

}  // namespace booster
