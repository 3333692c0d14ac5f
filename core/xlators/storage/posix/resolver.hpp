// Resolver: turns a Loc into the Entry a fop acts on, confined to the brick.
//
// Order: a non-empty `path` wins ("/a/b", "/" = root); else `name` in the parent given by
// `pargfid` (or the parent inode); else, for an existing object, its gfid (`gfid` or the
// inode's) through the gfid index. Every directory is opened from the brick descriptor with
// open_dir_beneath, so `..`, symlinks and magic links on the way fail instead of leading out,
// and a directory moved out of the brick is simply not found any more. The private directory
// is unreachable: ENOENT for what exists, EPERM for creating its name.
// A directory reached through the index is checked against its stored gfid (ESTALE when the
// index is stale). Thread-safety: const, any thread.
#pragma once

#include "core/engine/loc.hpp"
#include "core/engine/result.hpp"
#include "core/xlators/storage/posix/entry.hpp"
#include "core/xlators/storage/posix/gfid_index.hpp"

namespace booster {

// The gfid a Loc names: its own field, else its inode's; null if neither is known.
Gfid gfid_of(const Loc& loc);

class Resolver {
public:
    // kCreate: the Loc names an entry to create (its gfid is the new identity, not a key).
    enum class Intent { kExisting, kCreate };

    Resolver(int brick_fd, const GfidIndex& index) : brick_fd_(brick_fd), index_(index) {}

    Result<Entry> locate(const Loc& loc, Intent intent) const;
    // The directory whose gfid is `gfid`, as an entry (the root is kRoot).
    Result<Entry> directory(const Gfid& gfid) const;

private:
    Result<Entry> by_path(const Loc& loc, Intent intent) const;
    Result<Entry> by_parent(const Gfid& parent_gfid, const std::string& name, Intent intent) const;
    Result<Entry> by_gfid(const Gfid& gfid) const;
    Result<Entry> named(const std::string& parent_rel, const std::string& name, const Gfid& parent_gfid) const;
    Result<Entry> dir_at(const std::string& rel, const Gfid& expected) const;
    Entry root() const;

    int brick_fd_;
    const GfidIndex& index_;
};

}  // namespace booster
