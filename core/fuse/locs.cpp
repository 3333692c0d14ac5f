#include "core/fuse/locs.hpp"

namespace booster::fuse {

namespace {

Loc name_in(Bridge& bridge, InodeRef parent, std::string_view name) {
    Loc loc;
    loc.path = bridge.itable().path(*parent, name);
    loc.pargfid = parent->gfid();
    loc.name = std::string(name);
    loc.parent = std::move(parent);
    return loc;
}

}  // namespace

Loc existing_loc(Bridge& bridge, InodeRef inode) {
    Loc loc;
    loc.path = bridge.itable().path(*inode);
    loc.gfid = inode->gfid();
    loc.inode = std::move(inode);
    return loc;
}

Loc child_loc(Bridge& bridge, InodeRef parent, std::string_view name) {
    InodeRef known = bridge.itable().find_child(*parent, name);
    Loc loc = name_in(bridge, std::move(parent), name);
    if (known) loc.gfid = known->gfid();
    loc.inode = std::move(known);
    return loc;
}

Loc lookup_loc(Bridge& bridge, InodeRef parent, std::string_view name) {
    Loc loc = name_in(bridge, std::move(parent), name);
    loc.inode = bridge.itable().create();
    return loc;
}

Loc new_entry_loc(Bridge& bridge, InodeRef parent, std::string_view name) {
    Loc loc = lookup_loc(bridge, std::move(parent), name);
    loc.gfid = Gfid::random();
    return loc;
}

}  // namespace booster::fuse
