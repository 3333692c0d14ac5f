#include <fcntl.h>

#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/locs.hpp"
#include "core/fuse/open_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

// FLUSH, which the kernel sends on every close(2), has nothing to do for a read-only open file
// when the kernel keeps the POSIX locks (the graph serves none): no write of it to report, no
// lock owner to release below, no boosted writer to publish (kAdoptIoctl marks writers only).
// FOPEN_NOFLUSH spares each close of it that round trip (Linux 5.16+; older kernels ignore the
// flag and send FLUSH anyway). With a graph that serves locks, the close of any fd must release
// the closer's locks, taken through whichever fd: FLUSH stays.
bool flush_needed(const Bridge& bridge, int flags) {
    return (flags & O_ACCMODE) != O_RDONLY || bridge.graph_serves_locks();
}

}  // namespace

void open(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi) {
    Bridge& bridge = Bridge::of(req);
    InodeRef inode = bridge.inode(ino);
    FdRef fd = Fd::create(inode, fi->flags, fuse_req_ctx(req)->pid, bridge.graph().slots());
    auto state = std::make_unique<OpenOp>(req, make_request(req, fi), existing_loc(bridge, std::move(inode)),
                                          std::move(fd), *fi);
    launch(std::move(state),
           [&bridge](OpenOp& s) { return bridge.top().open(s.request, s.loc, s.fi.flags, *s.fd); },
           [&bridge](OpenOp& s, Result<Unit> r) {
               s.fi.noflush = !flush_needed(bridge, s.fi.flags);
               reply_opened(s, r, "open");
           });
}

}  // namespace booster::fuse::ops
