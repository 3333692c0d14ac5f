// performance/io-cache: keeps file data read from the child in pages of page-size, on one LRU
// list of cache-size shared by every file of the graph, and serves reads from them.
//
// readv: served from the cache when every page covering the range (clipped to the file size of
// the last attributes) is present, by copying into the caller's iovecs; otherwise one readv of
// the whole aligned covering range goes to the child into fresh pages, which are kept and
// copied out. A short read from the child is the end of the file: the last page is short.
// Not cached (passed through): readv with any RWF_* flag, reads on an fd opened O_DIRECT or
// O_WRONLY, reads wider than the whole cache, and a read-once stream: the reads of a file
// opened with no cached pages that each span at least 4 pages (PageCache::kStreamMinPages)
// and start where the previous one ended, from offset 0 on (a file read once in wide reads
// would only evict hot pages, and pay a fill and a copy for nothing). The first read elsewhere
// ends the stream and is cached; so is the next open's stream of a file already streamed once
// (read twice: a re-read). A stream read asks the child for one byte more than the caller
// wants: when that byte does not come, the read found the end of the file, and the reader's
// next read there (the one that returns 0 and ends a read loop) is answered 0 at once, once;
// an invalidation (any own change), an open or the end of the stream forgets that end.
// Coherence:
//   * close-to-open: open and create mark the file unvalidated; the first cached readv after
//     that asks the child for fstat and keeps the pages only if mtime, ctime and size all equal
//     those they were filled under, else drops them all. A page filled under attributes that turn
//     out stale is therefore never served after an open. While a file stays open, a change made
//     by another client is seen only once its pages leave the cache (old bytes may be read).
//     A stream sends no fstat: the file has no pages to validate, and the stream's reads go to
//     the child; the fstat comes before the first fill, so pages always carry attributes taken
//     before their bytes were read. The first read of a file the cache knows nothing of (no
//     pages, no attributes, never streamed) sends its fstat and its readv together and caches
//     nothing of it (validating_read): a file read once costs one round trip, not two.
//   * own changes: writev, open with O_TRUNC, create, setattr/fsetattr (any: a chmod moves
//     ctime too), fallocate, discard, zerofill and copy_file_range (its destination) drop every
//     page and the attributes of the file, before they are sent and again after the reply (so
//     that a hit never returns bytes older than a completed write). Dropping all pages, not just
//     the written range, because a writev reply carries no attributes: the remaining pages could
//     not be validated at the next open.
//   * a readv racing a change: each drop bumps the file's generation; pages read from the child
//     are kept only if the generation has not moved since before the child was asked, so a
//     read that fetched bytes before a write landed never caches them.
//   * forget_cached (a change made behind the graph's back: a boosted program's engine on this
//     mount, or the holder of a lock this process now takes) drops every page and the
//     attributes, as an own change does.
//   * forget frees the file's pages (InodeCache's destructor); fini frees every page.
// Place it above write-behind (it then sees every write before write-behind acknowledges it, and
// its reads and fstat wait for the writes they depend on).
// dump(): "hits=N misses=N validations=N pages=N bytes=N drops=N evictions=N free=N streamed=N\n".
// Thread-safety: as every translator: fops from any thread; the PageCache's mutex is never held
// across a co_await.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "core/engine/xlator.hpp"
#include "core/xlators/performance/io-cache/inode_cache.hpp"
#include "core/xlators/performance/io-cache/page_cache.hpp"
#include "core/xlators/performance/io-cache/page_span.hpp"

namespace booster {

class IoCache final : public Xlator {
public:
    Status init() override;
    void fini() override;
    std::string dump() const override;
    void forget_cached(Inode& inode) override;

    Task<Result<EntryReply>> create(const Request& req, const Loc& loc, int flags, mode_t mode, mode_t umask,
                                    Fd& fd) override;
    Task<Result<Unit>> open(const Request& req, const Loc& loc, int flags, Fd& fd) override;
    Task<Result<std::size_t>> readv(const Request& req, Fd& fd, IoVecs dst, off_t offset, unsigned flags) override;
    Task<Result<std::size_t>> writev(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags) override;
    Task<Result<Iatt>> setattr(const Request& req, const Loc& loc, const SetAttr& attr) override;
    Task<Result<Iatt>> fsetattr(const Request& req, Fd& fd, const SetAttr& attr) override;
    Task<Result<Unit>> fallocate(const Request& req, Fd& fd, int mode, off_t offset, off_t length) override;
    Task<Result<Unit>> discard(const Request& req, Fd& fd, off_t offset, off_t length) override;
    Task<Result<Unit>> zerofill(const Request& req, Fd& fd, off_t offset, off_t length) override;
    Task<Result<std::size_t>> copy_file_range(const Request& req, Fd& in, off_t in_offset, Fd& out, off_t out_offset,
                                              std::size_t length, unsigned flags) override;

private:
    bool cacheable(const Fd& fd, unsigned flags) const;
    InodeCache& inode_cache(Inode& inode) const;
    void invalidate(Inode* inode) const;

    Task<Result<std::size_t>> cached_readv(const Request& req, Fd& fd, IoVecs dst, off_t offset);
    // A read of the read-once stream, sent under `generation`, asking for one byte more than
    // `dst` holds: a reply that does not fill the extra byte is the end of the file, so a
    // reader's next read (at that end, the one that returns 0) costs no round trip.
    Task<Result<std::size_t>> stream_read(const Request& req, Fd& fd, IoVecs dst, off_t offset,
                                          std::uint64_t generation);
    // The first read of a file the cache knows nothing of (ReadState::unknown): the fstat that
    // validates the file goes out beside the read, which is answered uncached (the child may
    // serve the two in either order, so the bytes cannot be filed under those attributes): one
    // round trip instead of two. Reads after it fill pages as usual.
    Task<Result<std::size_t>> validating_read(const Request& req, Fd& fd, IoVecs dst, off_t offset,
                                              std::uint64_t generation);
    // Reads the pages of `span` from the child in one readv.
    Task<Result<PageRun>> fill(const Request& req, Fd& fd, PageSpan span);
    // `next`, with the file's pages dropped before it starts and after it completes.
    template <class R>
    Task<Result<R>> changing(Inode* inode, Task<Result<R>> next);

    std::shared_ptr<PageCache> cache_;
    std::atomic<std::uint64_t> hits_{0};
    std::atomic<std::uint64_t> misses_{0};
    std::atomic<std::uint64_t> validations_{0};
};

}  // namespace booster
