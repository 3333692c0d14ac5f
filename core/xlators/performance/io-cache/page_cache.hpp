// PageCache: the pages of every file of one io-cache translator, on one LRU list bounded by
// cache-size, and the coherence bookkeeping of each file (InodePages).
//
// The rule it enforces (io_cache.hpp says when the translator calls what):
//   * a file's pages are served only while it is validated: after an open, validate() must see
//     attributes equal to those the pages were filled under, or it drops them all;
//   * invalidate() drops every page and the attributes and bumps the generation; insert() takes
//     the generation read before the child was asked, and throws the pages away if it moved.
// Ownership: owns the LRU list and the pages on it, and the PagePool their buffers come from;
// each InodePages is owned by its inode's context, which calls forget() from its destructor.
// Shared (shared_ptr) by the translator and every InodeCache, so whichever goes last frees it.
// Thread-safety: every method from any thread; one mutex, never held while calling out of the
// cache, only while a dropped page hands its buffer to the pool (whose mutex nests inside).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "core/engine/fop_list.hpp"
#include "core/xlators/performance/io-cache/file_stamp.hpp"
#include "core/xlators/performance/io-cache/inode_pages.hpp"
#include "core/xlators/performance/io-cache/page.hpp"
#include "core/xlators/performance/io-cache/page_pool.hpp"
#include "core/xlators/performance/io-cache/page_span.hpp"

namespace booster {

class PageCache {
public:
    PageCache(std::size_t page_size, std::uint64_t cache_size)
        : page_size_(page_size),
          capacity_pages_(cache_size / page_size),
          pool_(PagePool::create(page_size, capacity_pages_)) {}
    PageCache(const PageCache&) = delete;
    PageCache& operator=(const PageCache&) = delete;

    std::size_t page_size() const { return page_size_; }
    std::uint64_t capacity_pages() const { return capacity_pages_; }
    // A page to fill, its buffer recycled from a page that left the cache when one is free.
    std::shared_ptr<Page> make_page() { return pool_->make_page(); }

    // What a read needs before asking for pages: the generation now, the file's size when the
    // file is validated (none: an fstat from below must come first), and whether the cache knows
    // nothing of the file: no pages, no attributes (an own change drops both), never streamed.
    struct ReadState {
        std::uint64_t generation = 0;
        std::optional<std::uint64_t> size;
        bool unknown = false;
    };
    ReadState read_state(const InodePages& file) const;

    // Takes the attributes an fstat from below returned: unchanged since the pages were filled
    // keeps them, anything else drops them. Returns the generation to fill under, or none when
    // an invalidation came while the fstat was out (its answer may predate the change).
    std::optional<std::uint64_t> validate(InodePages& file, std::uint64_t seen_generation, const FileStamp& stamp);
    // The hit path, under one lock: when the file is validated and holds every page covering
    // the bytes `dst` asks for at `offset` (clipped to its size; past the end: 0), at most
    // kInlineCopyPages of them, copies them into `dst` there and then and returns the bytes copied (and
    // ends a read-once stream, as any read of a file with pages does). Otherwise none: the
    // caller takes the general path (claim_stream, read_state, find or fill).
    static constexpr std::uint64_t kInlineCopyPages = 2;
    std::optional<std::size_t> read_hit(InodePages& file, off_t offset, IoVecs dst);
    // Every page of `span` (and marks them recently used), or none if one is missing.
    std::optional<PageRun> find(InodePages& file, PageSpan span);
    // Adds pages read from the child starting at page `first`, unless `generation` is no longer
    // the file's; then evicts least recently used pages down to cache-size.
    void insert(InodePages& file, std::uint64_t generation, std::uint64_t first, const PageRun& run);

    // At open: the pages must be validated again; with none, a read-once stream from offset 0
    // may start (unless the file was streamed once already: a second pass is a re-read).
    void opened(InodePages& file);
    // Whether the read of `length` bytes at `offset` continues the file's read-once stream (then
    // it goes to the child uncached, with no fstat): it starts where the stream's last read
    // ended and spans at least kStreamMinPages pages. A read that does not ends the stream.
    // Returns the generation the stream read goes out under.
    static constexpr std::uint64_t kStreamMinPages = 4;
    std::optional<std::uint64_t> claim_stream(InodePages& file, std::uint64_t offset, std::uint64_t length);
    // A stream read sent under `generation` found the end of the file at `end`: the next read
    // there is answered 0 (once), unless an invalidation, an open or the end of the stream
    // came in between.
    void stream_found_end(InodePages& file, std::uint64_t generation, std::uint64_t end);
    // Whether a read at `offset` is at the end a stream read just found (it is then used up).
    bool take_stream_end(InodePages& file, std::uint64_t offset);
    void invalidate(InodePages& file);
    void forget(InodePages& file);
    void clear();

    // "pages=N bytes=N drops=N evictions=N free=N streamed=N" (drops: pages dropped for
    // coherence; free: recycled buffers waiting for a fill; streamed: reads passed uncached).
    std::string render() const;

private:
    void drop_pages_locked(InodePages& file);
    void erase_locked(LruList::iterator it);

    const std::size_t page_size_;
    const std::uint64_t capacity_pages_;
    mutable std::mutex mu_;
    LruList lru_;  // most recently used first
    std::uint64_t drops_ = 0;
    std::uint64_t evictions_ = 0;
    std::uint64_t streamed_ = 0;
    const std::shared_ptr<PagePool> pool_;
};

}  // namespace booster
