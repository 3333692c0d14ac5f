#include "core/fuse/set_lock.hpp"

#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse {

namespace {

struct SetLockOp : FdOp {
    Flock lock;
    LockCmd cmd;
    const char* op;
};

}  // namespace

void set_lock(fuse_req_t req, fuse_file_info* fi, const Flock& lock, LockCmd cmd, const char* op) {
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<SetLockOp>(FdOp{req, make_request(req, fi), fd_of(fi)}, lock, cmd, op);
    const bool interruptible = cmd == LockCmd::kSetLkWait;
    if (interruptible) state->request.cancel = bridge.interrupts().watch(req);
    launch(
        std::move(state), [&bridge](SetLockOp& s) { return bridge.top().lk(s.request, *s.fd, s.cmd, s.lock); },
        [&bridge, interruptible](SetLockOp& s, Result<Flock> r) {
            if (interruptible) bridge.interrupts().forget(s.req);
            if (r) {
                fuse_reply_err(s.req, 0);
            } else {
                reply_error(s.req, r.error(), s.op);
            }
        });
}

}  // namespace booster::fuse
