// Building the Loc of a fop from what the kernel names: an existing inode (a nodeid), or a name
// in a parent directory. Paths come from the inode table's dentries; a path may be empty when
// the table cannot reach the inode from the root (then translators resolve by gfid).
// Thread-safety: any thread (the inode table locks itself).
#pragma once

#include <string_view>

#include "core/engine/loc.hpp"
#include "core/fuse/bridge.hpp"

namespace booster::fuse {

// The Loc of an object the kernel holds.
Loc existing_loc(Bridge& bridge, InodeRef inode);
// The Loc of `name` in `parent` as the table knows it: its inode and gfid if the name is
// already linked (unlink, rmdir, rename), empty otherwise.
Loc child_loc(Bridge& bridge, InodeRef parent, std::string_view name);
// For a lookup: a fresh unlinked inode to receive the answer; the gfid is what the brick says.
Loc lookup_loc(Bridge& bridge, InodeRef parent, std::string_view name);
// For a creation: a fresh inode and the new gfid, chosen here at the top of the stack.
Loc new_entry_loc(Bridge& bridge, InodeRef parent, std::string_view name);

}  // namespace booster::fuse
