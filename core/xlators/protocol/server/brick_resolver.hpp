// BrickResolver: turns the identities a client sends (wire::WireLoc) into the Loc a brick fop
// runs with. A client path is never used: objects are found by gfid, first in the brick
// graph's inode table, then by a nameless lookup (gfid only) on the child; names by (parent
// gfid, name), the parent found the same way. What a request names outside the export is then
// refused by storage/posix (RESOLVE_BENEATH). After entry fops the table learns the new names.
// Thread-safety: any thread; the lookups it sends complete before it returns (sync_wait).
#pragma once

#include "core/engine/fop_list.hpp"
#include "core/engine/inode.hpp"
#include "core/engine/result.hpp"
#include "core/engine/xlator.hpp"
#include "core/xlators/protocol/wire/fop_signature.hpp"

namespace booster {

class BrickResolver {
public:
    BrickResolver(Xlator& child, InodeTable& table) : child_(child), table_(table) {}

    Result<Loc> loc(const Request& req, const wire::WireLoc& at);
    // The inode with this gfid: from the table, else found on the brick and added to it.
    Result<InodeRef> inode(const Request& req, const Gfid& gfid);

    // Bookkeeping after a successful fop on `loc`.
    void entry_made(const Loc& loc, const Iatt& attr);
    void entry_removed(const Loc& loc);
    void entry_moved(const Loc& from, const Loc& to);

private:
    Xlator& child_;
    InodeTable& table_;
};

}  // namespace booster
