#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/locs.hpp"
#include "core/fuse/open_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

void opendir(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi) {
    Bridge& bridge = Bridge::of(req);
    InodeRef inode = bridge.inode(ino);
    FdRef fd = Fd::create(inode, fi->flags, fuse_req_ctx(req)->pid, bridge.graph().slots());
    auto state = std::make_unique<OpenOp>(req, make_request(req, fi), existing_loc(bridge, std::move(inode)),
                                          std::move(fd), *fi);
    launch(std::move(state),
           [&bridge](OpenOp& s) { return bridge.top().opendir(s.request, s.loc, *s.fd); },
           [](OpenOp& s, Result<Unit> r) { reply_opened(s, r, "opendir"); });
}

}  // namespace booster::fuse::ops
