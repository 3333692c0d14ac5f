#include "core/fuse/bridge.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/locs.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

void reply_rmdir(LocOp& s, Result<Unit> r) {
    if (!r) {
        reply_error(s.req, r.error(), "rmdir");
        return;
    }
    Bridge::of(s.req).itable().unlink(*s.loc.parent, s.loc.name);
    fuse_reply_err(s.req, 0);
}

}  // namespace

void rmdir(fuse_req_t req, fuse_ino_t parent, const char* name) {
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<LocOp>(req, make_request(req), child_loc(bridge, bridge.inode(parent), name));
    launch(std::move(state), [&bridge](LocOp& s) { return bridge.top().rmdir(s.request, s.loc); }, reply_rmdir);
}

}  // namespace booster::fuse::ops
