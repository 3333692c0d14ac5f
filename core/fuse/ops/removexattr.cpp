#include "core/fuse/bridge.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/locs.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/preload_contract.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"
#include "core/fuse/unsupported_xattrs.hpp"

namespace booster::fuse::ops {

namespace {

struct RemovexattrOp : LocOp {
    std::string name;
};

void reply_removexattr(RemovexattrOp& s, Result<Unit> r) {
    if (r) {
        fuse_reply_err(s.req, 0);
    } else if (r.error().errnum == ENOSYS) {
        // ENOSYS would make the kernel stop sending any removexattr to this mount.
        fuse_reply_err(s.req, EOPNOTSUPP);
    } else {
        reply_error(s.req, r.error(), "removexattr");
    }
}

}  // namespace

void removexattr(fuse_req_t req, fuse_ino_t ino, const char* name) {
    if (preload_contract::is_contract_xattr(name)) {
        fuse_reply_err(req, EPERM);
        return;
    }
    if (is_unsupported_xattr(name)) {
        fuse_reply_err(req, EOPNOTSUPP);
        return;
    }
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<RemovexattrOp>(
        LocOp{req, make_request(req), existing_loc(bridge, bridge.inode(ino))}, name);
    launch(std::move(state),
           [&bridge](RemovexattrOp& s) { return bridge.top().removexattr(s.request, s.loc, s.name); },
           reply_removexattr);
}

}  // namespace booster::fuse::ops
