#include <climits>

#include "core/fuse/bridge.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/locs.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

void reply_readlink(LocOp& s, Result<std::string> r) {
    if (r) {
        fuse_reply_readlink(s.req, r->c_str());
    } else {
        reply_error(s.req, r.error(), "readlink");
    }
}

}  // namespace

void readlink(fuse_req_t req, fuse_ino_t ino) {
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<LocOp>(req, make_request(req), existing_loc(bridge, bridge.inode(ino)));
    launch(std::move(state), [&bridge](LocOp& s) { return bridge.top().readlink(s.request, s.loc, PATH_MAX); },
           reply_readlink);
}

}  // namespace booster::fuse::ops
