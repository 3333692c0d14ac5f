#include "core/fuse/bridge.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/locs.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

void reply_lookup(LocOp& s, Result<EntryReply> r) {
    Bridge& bridge = Bridge::of(s.req);
    if (r) {
        reply_entry(s.req, bridge, s.loc.parent, s.loc.name, s.loc.inode, r->attr);
    } else if (r.error().errnum == ENOENT) {
        // The name may have been linked from an earlier lookup; it is gone behind our back.
        bridge.itable().unlink(*s.loc.parent, s.loc.name);
        reply_negative_entry(s.req, bridge);
    } else {
        reply_error(s.req, r.error(), "lookup");
    }
}

}  // namespace

void lookup(fuse_req_t req, fuse_ino_t parent, const char* name) {
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<LocOp>(req, make_request(req), lookup_loc(bridge, bridge.inode(parent), name));
    launch(std::move(state), [&bridge](LocOp& s) { return bridge.top().lookup(s.request, s.loc); }, reply_lookup);
}

}  // namespace booster::fuse::ops
