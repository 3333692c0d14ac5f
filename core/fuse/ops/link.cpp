#include "core/fuse/bridge.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/locs.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

void reply_link(TwoLocOp& s, Result<EntryReply> r) {
    if (r) {
        reply_entry(s.req, Bridge::of(s.req), s.to.parent, s.to.name, s.to.inode, r->attr);
    } else {
        reply_error(s.req, r.error(), "link");
    }
}

}  // namespace

void link(fuse_req_t req, fuse_ino_t ino, fuse_ino_t newparent, const char* newname) {
    Bridge& bridge = Bridge::of(req);
    Loc from = existing_loc(bridge, bridge.inode(ino));
    Loc to = lookup_loc(bridge, bridge.inode(newparent), newname);
    to.gfid = from.gfid;  // a hard link is the same object under a second name
    auto state = std::make_unique<TwoLocOp>(req, make_request(req), std::move(from), std::move(to));
    launch(std::move(state), [&bridge](TwoLocOp& s) { return bridge.top().link(s.request, s.from, s.to); },
           reply_link);
}

}  // namespace booster::fuse::ops
