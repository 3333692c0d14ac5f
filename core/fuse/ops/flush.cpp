#include "core/engine/task.hpp"
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
// inode are dropped before the answer, so the close publishes the boosted writes. No kernel
// lock is held while FLUSH waits for us, but the kernel's invalidation waits for every locked
// page of the inode, and a READ that holds one (a page fault of an mmap, a read through the
// mount) may be completed by the graph's event thread, which completes this flush too when it
// went to a brick (a file with POSIX locks). So the published flush waits for its fop on this
// FUSE worker and notifies from here: from the event thread the notification waited for a
// READ that only that thread could complete, and the mount hung.
void flush(fuse_req_t req, fuse_ino_t ino, fuse_file_info* fi) {
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<FdOp>(req, make_request(req, fi), fd_of(fi));
    if (bridge.open_files().published(*state->fd)) {
        FdOp& s = *state;
        Result<Unit> r = sync_wait(bridge.top().flush(s.request, *s.fd));
        bridge.top().forget_cached(s.fd->inode());
        (void)fuse_lowlevel_notify_inval_inode(bridge.session(), ino, 0, 0);
        reply_flush(s, std::move(r));
        return;
    }
    launch(
        std::move(state), [&bridge](FdOp& s) { return bridge.top().flush(s.request, *s.fd); },
        [](FdOp& s, Result<Unit> r) { reply_flush(s, std::move(r)); });
}

}  // namespace booster::fuse::ops
