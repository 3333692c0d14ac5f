#include <linux/fs.h>

#include "core/fuse/bridge.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/locs.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

struct RenameOp : TwoLocOp {
    unsigned flags;
};

// After RENAME_EXCHANGE each name holds the other's object.
void exchange_dentries(InodeTable& itable, const Loc& a, const Loc& b) {
    itable.rename(*a.parent, a.name, b.parent, b.name);
    if (!b.inode) return;
    Iatt identity;
    identity.gfid = b.inode->gfid();
    identity.mode = b.inode->type();
    (void)itable.link(b.inode, a.parent, a.name, identity);
}

void reply_rename(RenameOp& s, Result<Unit> r) {
    if (!r) {
        reply_error(s.req, r.error(), "rename");
        return;
    }
    InodeTable& itable = Bridge::of(s.req).itable();
    if (s.flags & RENAME_EXCHANGE) {
        exchange_dentries(itable, s.from, s.to);
    } else {
        itable.rename(*s.from.parent, s.from.name, s.to.parent, s.to.name);
    }
    fuse_reply_err(s.req, 0);
}

}  // namespace

void rename(fuse_req_t req, fuse_ino_t parent, const char* name, fuse_ino_t newparent, const char* newname,
            unsigned int flags) {
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<RenameOp>(TwoLocOp{req, make_request(req),
                                                     child_loc(bridge, bridge.inode(parent), name),
                                                     child_loc(bridge, bridge.inode(newparent), newname)},
                                            flags);
    launch(std::move(state),
           [&bridge](RenameOp& s) { return bridge.top().rename(s.request, s.from, s.to, s.flags); },
           reply_rename);
}

}  // namespace booster::fuse::ops
