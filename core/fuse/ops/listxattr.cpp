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

struct ListxattrOp : LocOp {
    std::size_t size;
};

// The kernel's format: each name followed by a NUL. The contract's names stay hidden, and so do
// the names the mount refuses (a brick's copy may carry them, set on the brick itself).
std::string name_list(const Names& names) {
    std::string out;
    for (const std::string& n : names) {
        if (preload_contract::is_contract_xattr(n) || is_unsupported_xattr(n)) continue;
        out += n;
        out.push_back('\0');
    }
    return out;
}

void reply_listxattr(ListxattrOp& s, Result<Names> r) {
    if (r) {
        reply_xattr_bytes(s.req, s.size, name_list(*r));
    } else if (r.error().errnum == ENOSYS) {
        // ENOSYS would make the kernel stop sending any listxattr to this mount.
        fuse_reply_err(s.req, EOPNOTSUPP);
    } else {
        reply_error(s.req, r.error(), "listxattr");
    }
}

}  // namespace

void listxattr(fuse_req_t req, fuse_ino_t ino, std::size_t size) {
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<ListxattrOp>(
        LocOp{req, make_request(req), existing_loc(bridge, bridge.inode(ino))}, size);
    launch(std::move(state), [&bridge](ListxattrOp& s) { return bridge.top().listxattr(s.request, s.loc); },
           reply_listxattr);
}

}  // namespace booster::fuse::ops
