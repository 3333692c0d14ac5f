#include "core/fuse/bridge.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/locs.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

void reply_access(LocOp& s, Result<Unit> r) {
    if (r) {
        fuse_reply_err(s.req, 0);
    } else {
        reply_error(s.req, r.error(), "access");
    }
}

}  // namespace

void access(fuse_req_t req, fuse_ino_t ino, int mask) {
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<LocOp>(req, make_request(req), existing_loc(bridge, bridge.inode(ino)));
    launch(std::move(state), [&bridge, mask](LocOp& s) { return bridge.top().access(s.request, s.loc, mask); },
           reply_access);
}

}  // namespace booster::fuse::ops
