#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/posix_lock.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

struct SetlkOp : FdOp {
    Flock lock;
    LockCmd cmd;
};

void reply_setlk(SetlkOp& s, Result<Flock> r) {
    if (r) {
        fuse_reply_err(s.req, 0);
    } else {
        reply_error(s.req, r.error(), "setlk");
    }
}

}  // namespace

// A waiting lock (F_SETLKW) parks in the graph's lock translator; this worker thread is free
// meanwhile, and the reply comes from whoever releases the conflicting lock.
void setlk(fuse_req_t req, fuse_ino_t /*ino*/, fuse_file_info* fi, struct flock* lock, int sleep) {
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<SetlkOp>(FdOp{req, make_request(req, fi), fd_of(fi)},
                                           to_engine_lock(*lock, fi->lock_owner),
                                           sleep != 0 ? LockCmd::kSetLkWait : LockCmd::kSetLk);
    launch(
        std::move(state), [&bridge](SetlkOp& s) { return bridge.top().lk(s.request, *s.fd, s.cmd, s.lock); },
        reply_setlk);
}

}  // namespace booster::fuse::ops
