#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

void reply_lseek(FdOp& s, Result<off_t> r) {
    if (r) {
        fuse_reply_lseek(s.req, *r);
    } else {
        reply_error(s.req, r.error(), "lseek");
    }
}

}  // namespace

// Only SEEK_DATA and SEEK_HOLE come here; the kernel moves plain offsets itself.
void lseek(fuse_req_t req, fuse_ino_t /*ino*/, off_t off, int whence, fuse_file_info* fi) {
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<FdOp>(req, make_request(req, fi), fd_of(fi));
    launch(std::move(state),
           [&bridge, off, whence](FdOp& s) { return bridge.top().seek(s.request, *s.fd, off, whence); },
           reply_lseek);
}

}  // namespace booster::fuse::ops
