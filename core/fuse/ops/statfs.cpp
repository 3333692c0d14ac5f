#include "core/fuse/bridge.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/locs.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

void reply_statfs(LocOp& s, Result<Statvfs> r) {
    if (r) {
        fuse_reply_statfs(s.req, &*r);
    } else {
        reply_error(s.req, r.error(), "statfs");
    }
}

}  // namespace

void statfs(fuse_req_t req, fuse_ino_t ino) {
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<LocOp>(req, make_request(req), existing_loc(bridge, bridge.inode(ino)));
    launch(std::move(state), [&bridge](LocOp& s) { return bridge.top().statfs(s.request, s.loc); }, reply_statfs);
}

}  // namespace booster::fuse::ops
