// DentryCache: what one opendir fd has listed, name -> attributes (seed 002: "this dentry list
// is stored in the context of fd").
//
// Filled from readdirp replies (an entry without attributes is not kept: it cannot answer a
// lookup), searched by name for lookups of the process that opened the fd, and emptied when
// that process reads from an offset other than the one the previous read ended at (seekdir,
// rewinddir): the listing is then being re-read, and the seed flushes it. "." and ".." are
// never kept (a lookup never asks for them by name).
// Ownership: held by the directory's DirState, which guards every access with its mutex; not
// thread-safe on its own.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/engine/fop_types.hpp"
#include "core/engine/iatt.hpp"

namespace booster {

class DentryCache {
public:
    explicit DentryCache(pid_t pid) : pid_(pid) {}

    pid_t pid() const { return pid_; }
    bool reading() const { return reads_in_flight_ > 0; }
    std::size_t size() const { return entries_.size(); }

    // A listing read starts at `offset`; true if that flushed the cache (unexpected offset).
    bool start_read(std::uint64_t offset);
    // The read ended: `listed` is its reply (null on error); its entries are kept only when
    // `keep` (no invalidation raced with the read). The next expected offset follows the reply.
    void finish_read(const Dirents* listed, bool keep);

    const Iatt* find(std::string_view name) const;
    void forget(std::string_view name);
    void clear() { entries_.clear(); }

private:
    struct NameHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>()(s); }
    };

    const pid_t pid_;
    std::unordered_map<std::string, Iatt, NameHash, std::equal_to<>> entries_;
    std::uint64_t next_offset_ = 0;  // where the listing continues: the last entry's cookie
    unsigned reads_in_flight_ = 0;
};

}  // namespace booster
