#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

void reply_flush(FdOp& s, Result<Unit> r) {
    if (r) {
        fuse_reply_err(s.req, 0);
    } else {
        reply_error(s.req, r.error(), "flush");
    }
}

}  // namespace

// Sent on every close(2) of a descriptor, with the closer's lock owner: the graph's lock
// translator drops that owner's POSIX locks, as close(2) must. For a file a booster process
// writes (preload_contract.hpp, kAdoptIoctl) the graph's and then the kernel's caches of the
// inode are dropped before the answer, so the close publishes the boosted writes; no kernel
// lock is held while FLUSH waits for us, so the notification cannot deadlock.
void flush(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi) {
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<FdOp>(req, make_request(req, fi), fd_of(fi));
    launch(
        std::move(state), [&bridge](FdOp& s) { return bridge.top().flush(s.request, *s.fd); },
        [&bridge, ino](FdOp& s, Result<Unit> r) {
            if (bridge.open_files().published(*s.fd)) {
                bridge.top().forget_cached(s.fd->inode());
                (void)fuse_lowlevel_notify_inval_inode(bridge.session(), ino, 0, 0);
            }
            reply_flush(s, std::move(r));
        });
}

}  // namespace booster::fuse::ops
