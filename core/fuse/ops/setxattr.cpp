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

struct SetxattrOp : LocOp {
    std::string name;
    std::string value;
};

void reply_setxattr(SetxattrOp& s, Result<Unit> r) {
    if (r) {
        fuse_reply_err(s.req, 0);
    } else if (r.error().errnum == ENOSYS) {
        // ENOSYS would make the kernel stop sending any setxattr to this mount.
        fuse_reply_err(s.req, EOPNOTSUPP);
    } else {
        reply_error(s.req, r.error(), "setxattr");
    }
}

}  // namespace

void setxattr(fuse_req_t req, fuse_ino_t ino, const char* name, const char* value, std::size_t size, int flags) {
    if (preload_contract::is_contract_xattr(name)) {
        fuse_reply_err(req, EPERM);
        return;
    }
    if (is_unsupported_xattr(name)) {
        fuse_reply_err(req, EOPNOTSUPP);
        return;
    }
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<SetxattrOp>(
        LocOp{req, make_request(req), existing_loc(bridge, bridge.inode(ino))}, name, std::string(value, size));
    launch(
        std::move(state),
        [&bridge, flags](SetxattrOp& s) { return bridge.top().setxattr(s.request, s.loc, s.name, s.value, flags); },
        reply_setxattr);
}

}  // namespace booster::fuse::ops
