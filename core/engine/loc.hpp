// Loc: where a path-based fop acts (the seeds' loc_t).
//
// For an existing object: `inode` is it, `gfid` its gfid, `path` its path from the volume root
// ("/" for the root). For a new name (lookup, create, mkdir, link target, rename target):
// `parent`/`pargfid`/`name` say where, `inode` is a fresh unlinked inode to be filled, and for
// creations `gfid` is the identity chosen at the top of the stack that every brick must store.
// Owned by the caller of the fop; translators read it, and copy it if they keep it.
#pragma once

#include <string>

#include "core/engine/gfid.hpp"
#include "core/engine/inode.hpp"

namespace booster {

struct Loc {
    InodeRef inode;
    InodeRef parent;
    std::string name;
    std::string path;
    Gfid gfid;
    Gfid pargfid;

    // The gfid of the directory a new name goes in: pargfid, else the parent inode's.
    Gfid parent_gfid() const {
        if (!pargfid.is_null()) return pargfid;
        return parent ? parent->gfid() : Gfid{};
    }
    // The inode the table already links under (parent, name), if any: what a create or a
    // rename onto this name replaces or opens.
    InodeRef existing_child() const {
        return parent ? parent->table().find_child(*parent, name) : InodeRef();
    }
};

}  // namespace booster
