#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/locs.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

template <class State>
void reply_getattr(State& s, Result<Iatt> r) {
    if (r) {
        reply_attr(s.req, Bridge::of(s.req), *r);
    } else {
        reply_error(s.req, r.error(), "getattr");
    }
}

}  // namespace

void getattr(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi) {
    Bridge& bridge = Bridge::of(req);
    InodeRef inode = bridge.inode(ino);
    // An open file is asked through an fd: it may be unlinked and have no path left, and an
    // fd is the brick's cheapest way to it. The kernel sends the handle only sometimes.
    FdRef fd = fi != nullptr ? fd_of(fi) : inode->is_dir() ? FdRef() : bridge.open_files().any_on(*inode);
    if (fd) {
        auto state = std::make_unique<FdOp>(req, make_request(req, fi), std::move(fd));
        launch(std::move(state), [&bridge](FdOp& s) { return bridge.top().fstat(s.request, *s.fd); },
               reply_getattr<FdOp>);
        return;
    }
    auto state = std::make_unique<LocOp>(req, make_request(req), existing_loc(bridge, std::move(inode)));
    launch(std::move(state), [&bridge](LocOp& s) { return bridge.top().stat(s.request, s.loc); },
           reply_getattr<LocOp>);
}

}  // namespace booster::fuse::ops
