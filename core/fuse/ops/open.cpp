#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/locs.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

struct OpenOp {
    fuse_req_t req;
    Request request;
    Loc loc;
    FdRef fd;
    fuse_file_info fi;  // a copy: libfuse's own lives only until open() returns
};

void reply_open(OpenOp& s, Result<Unit> r) {
    if (!r) {
        reply_error(s.req, r.error(), "open");
        return;
    }
    Bridge& bridge = Bridge::of(s.req);  // fetched now: a reply frees the request
    attach_fd(bridge, &s.fi, s.fd);
    // An interrupted open gets no release from the kernel: the handle's reference goes here.
    if (fuse_reply_open(s.req, &s.fi) != 0) detach_fd(bridge, &s.fi);
}

}  // namespace

void open(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi) {
    Bridge& bridge = Bridge::of(req);
    InodeRef inode = bridge.inode(ino);
    FdRef fd = Fd::create(inode, fi->flags, fuse_req_ctx(req)->pid, bridge.graph().slots());
    auto state = std::make_unique<OpenOp>(req, make_request(req, fi), existing_loc(bridge, std::move(inode)),
                                          std::move(fd), *fi);
    launch(std::move(state),
           [&bridge](OpenOp& s) { return bridge.top().open(s.request, s.loc, s.fi.flags, *s.fd); }, reply_open);
}

}  // namespace booster::fuse::ops
