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

struct GetlkOp : FdOp {
    Flock lock;
};

void reply_getlk(GetlkOp& s, Result<Flock> r) {
    if (r) {
        const struct flock fl = to_posix_lock(*r);
        fuse_reply_lock(s.req, &fl);
    } else {
        reply_error(s.req, r.error(), "getlk");
    }
}

}  // namespace

void getlk(fuse_req_t req, fuse_ino_t /*ino*/, fuse_file_info* fi, struct flock* lock) {
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<GetlkOp>(FdOp{req, make_request(req, fi), fd_of(fi)},
                                           to_engine_lock(*lock, fi->lock_owner));
    launch(
        std::move(state),
        [&bridge](GetlkOp& s) { return bridge.top().lk(s.request, *s.fd, LockCmd::kGetLk, s.lock); },
        reply_getlk);
}

}  // namespace booster::fuse::ops
