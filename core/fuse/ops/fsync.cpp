#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

void reply_fsync(FdOp& s, Result<Unit> r) {
    if (r) {
        fuse_reply_err(s.req, 0);
    } else {
        reply_error(s.req, r.error(), "fsync");
    }
}

}  // namespace

void fsync(fuse_req_t req, fuse_ino_t /*ino*/, int datasync, fuse_file_info* fi) {
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<FdOp>(req, make_request(req, fi), fd_of(fi));
    launch(
        std::move(state),
        [&bridge, datasync](FdOp& s) { return bridge.top().fsync(s.request, *s.fd, datasync != 0); },
        reply_fsync);
}

}  // namespace booster::fuse::ops
