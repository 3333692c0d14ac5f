#include <memory>

#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/op_state.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

struct ReadOp : FdOp {
    std::unique_ptr<char[]> buffer;
    iovec iov;
};

void reply_read(ReadOp& s, Result<std::size_t> r) {
    if (r) {
        fuse_reply_buf(s.req, s.buffer.get(), *r);
    } else {
        reply_error(s.req, r.error(), "read");
    }
}

}  // namespace

void read(fuse_req_t req, fuse_ino_t /*ino*/, std::size_t size, off_t off, fuse_file_info* fi) {
    Bridge& bridge = Bridge::of(req);
    auto buffer = std::make_unique_for_overwrite<char[]>(size);
    iovec iov{buffer.get(), size};
    auto state = std::make_unique<ReadOp>(FdOp{req, make_request(req, fi), fd_of(fi)}, std::move(buffer), iov);
    launch(
        std::move(state),
        [&bridge, off](ReadOp& s) { return bridge.top().readv(s.request, *s.fd, IoVecs(&s.iov, 1), off, 0); },
        reply_read);
}

}  // namespace booster::fuse::ops
