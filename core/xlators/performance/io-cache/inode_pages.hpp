// InodePages: what the cache knows of one file: its pages by index, the attributes they were
// filled under, whether those attributes were checked since the last open, a generation
// counter that every invalidation bumps (a fill started under an older generation is thrown
// away), and the read-once stream since the last open, if any, with the end of the file its
// last read found. CachedPage: one page on the cache's LRU list, naming the file it belongs to.
// Ownership: InodeCache (the inode's context) owns the InodePages; the PageCache owns the LRU
// list and every field here. Thread-safety: every field is guarded by the PageCache's mutex;
// only PageCache touches them.
#pragma once

#include <cstdint>
#include <list>
#include <map>
#include <optional>

#include "core/xlators/performance/io-cache/file_stamp.hpp"
#include "core/xlators/performance/io-cache/page.hpp"

namespace booster {

struct InodePages;

struct CachedPage {
    InodePages* owner;
    std::uint64_t index;
    PageRef page;
};
using LruList = std::list<CachedPage>;

struct InodePages {
    std::map<std::uint64_t, LruList::iterator> pages;
    std::uint64_t generation = 0;
    std::optional<FileStamp> stamp;  // none: nothing may be filled until an fstat from below
    bool validated = false;          // stamp checked since the last open
    std::optional<std::uint64_t> stream_end;  // where the read-once stream's next read starts
    bool streamed = false;                    // a stream was passed uncached: the next pass caches
    std::optional<std::uint64_t> stream_eof;  // the end of the file a stream read found, until used
};

}  // namespace booster
