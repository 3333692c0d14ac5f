#include <linux/falloc.h>

#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

struct FallocateOp : FdOp {
    int mode;
    off_t offset;
    off_t length;
};

// Punch-hole and zero-range are fops of their own in the engine (discard, zerofill), as in
// GlusterFS; a zero-range that keeps the size has no such fop and goes to fallocate whole.
Task<Result<Unit>> dispatch(Xlator& top, FallocateOp& s) {
    if (s.mode & FALLOC_FL_PUNCH_HOLE) return top.discard(s.request, *s.fd, s.offset, s.length);
    if (s.mode == FALLOC_FL_ZERO_RANGE) return top.zerofill(s.request, *s.fd, s.offset, s.length);
    return top.fallocate(s.request, *s.fd, s.mode, s.offset, s.length);
}

void reply_fallocate(FallocateOp& s, Result<Unit> r) {
    if (r) {
        fuse_reply_err(s.req, 0);
    } else {
        reply_error(s.req, r.error(), "fallocate");
    }
}

}  // namespace

void fallocate(fuse_req_t req, fuse_ino_t /*ino*/, int mode, off_t offset, off_t length, fuse_file_info* fi) {
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<FallocateOp>(FdOp{req, make_request(req, fi), fd_of(fi)}, mode, offset, length);
    launch(std::move(state), [&bridge](FallocateOp& s) { return dispatch(bridge.top(), s); }, reply_fallocate);
}

}  // namespace booster::fuse::ops
