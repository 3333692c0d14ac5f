#include "core/xlators/protocol/server/brick_resolver.hpp"

namespace booster {

Result<InodeRef> BrickResolver::inode(const Request& req, const Gfid& gfid) {
    if (InodeRef known = table_.find(gfid)) return known;
    Loc nameless;
    nameless.gfid = gfid;
    nameless.inode = table_.create();
    auto found = sync_wait(child_.lookup(req, nameless));
    if (!found) return std::unexpected(found.error());
    if (found->attr.gfid != gfid) return fail(ESTALE);
    return table_.link(nameless.inode, {}, {}, found->attr);
}

Result<Loc> BrickResolver::loc(const Request& req, const wire::WireLoc& at) {
    Loc loc;
    loc.gfid = at.gfid;
    loc.pargfid = at.pargfid;
    loc.name = std::string(at.name);
    if (at.name.empty()) {
        auto object = inode(req, at.gfid);
        if (!object) return std::unexpected(object.error());
        loc.inode = std::move(*object);
        return loc;
    }
    auto parent = inode(req, at.pargfid);
    if (!parent) return std::unexpected(parent.error());
    loc.parent = std::move(*parent);
    loc.inode = at.gfid.is_null() ? table_.find_child(*loc.parent, at.name) : table_.find(at.gfid);
    if (!loc.inode) loc.inode = table_.create();
    return loc;
}

void BrickResolver::entry_made(const Loc& loc, const Iatt& attr) {
    if (loc.parent && !loc.name.empty()) (void)table_.link(loc.inode, loc.parent, loc.name, attr);
}

void BrickResolver::entry_removed(const Loc& loc) {
    if (loc.parent && !loc.name.empty()) table_.unlink(*loc.parent, loc.name);
}

void BrickResolver::entry_moved(const Loc& from, const Loc& to) {
    if (from.parent && to.parent) table_.rename(*from.parent, from.name, to.parent, to.name);
}

}  // namespace booster
