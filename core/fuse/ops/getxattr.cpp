#include "core/fuse/bridge.hpp"
#include "core/fuse/contract_xattrs.hpp"
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

struct GetxattrOp : LocOp {
    std::string name;
    std::size_t size;
};

void reply_value(fuse_req_t req, std::size_t size, const Result<std::string>& r) {
    if (r) {
        reply_xattr_bytes(req, size, *r);
    } else if (r.error().errnum == ENOSYS) {
        // ENOSYS would make the kernel stop sending any getxattr, the preload contract's too.
        fuse_reply_err(req, EOPNOTSUPP);
    } else {
        reply_error(req, r.error(), "getxattr");
    }
}

}  // namespace

void getxattr(fuse_req_t req, fuse_ino_t ino, const char* name, std::size_t size) {
    Bridge& bridge = Bridge::of(req);
    if (preload_contract::is_contract_xattr(name)) {
        reply_value(req, size, contract_xattr(bridge, *bridge.inode(ino), name));
        return;
    }
    if (is_unsupported_xattr(name)) {
        fuse_reply_err(req, EOPNOTSUPP);
        return;
    }
    auto state = std::make_unique<GetxattrOp>(
        LocOp{req, make_request(req), existing_loc(bridge, bridge.inode(ino))}, name, size);
    launch(
        std::move(state), [&bridge](GetxattrOp& s) { return bridge.top().getxattr(s.request, s.loc, s.name); },
        [](GetxattrOp& s, Result<std::string> r) { reply_value(s.req, s.size, r); });
}

}  // namespace booster::fuse::ops
