#include "core/fuse/bridge.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/locs.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

void reply_mknod(LocOp& s, Result<EntryReply> r) {
    if (r) {
        reply_entry(s.req, Bridge::of(s.req), s.loc.parent, s.loc.name, s.loc.inode, r->attr);
    } else {
        reply_error(s.req, r.error(), "mknod");
    }
}

}  // namespace

void mknod(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t mode, dev_t rdev) {
    Bridge& bridge = Bridge::of(req);
    const mode_t umask = fuse_req_ctx(req)->umask;
    auto state = std::make_unique<LocOp>(req, make_request(req), new_entry_loc(bridge, bridge.inode(parent), name));
    launch(
        std::move(state),
        [&bridge, mode, rdev, umask](LocOp& s) { return bridge.top().mknod(s.request, s.loc, mode, rdev, umask); },
        reply_mknod);
}

}  // namespace booster::fuse::ops
