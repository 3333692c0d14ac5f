#include "core/fuse/bridge.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/locs.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

struct SymlinkOp : LocOp {
    std::string target;
};

void reply_symlink(SymlinkOp& s, Result<EntryReply> r) {
    if (r) {
        reply_entry(s.req, Bridge::of(s.req), s.loc.parent, s.loc.name, s.loc.inode, r->attr);
    } else {
        reply_error(s.req, r.error(), "symlink");
    }
}

}  // namespace

void symlink(fuse_req_t req, const char* target, fuse_ino_t parent, const char* name) {
    Bridge& bridge = Bridge::of(req);
    const mode_t umask = fuse_req_ctx(req)->umask;
    auto state = std::make_unique<SymlinkOp>(
        LocOp{req, make_request(req), new_entry_loc(bridge, bridge.inode(parent), name)}, target);
    launch(
        std::move(state),
        [&bridge, umask](SymlinkOp& s) { return bridge.top().symlink(s.request, s.target, s.loc, umask); },
        reply_symlink);
}

}  // namespace booster::fuse::ops
