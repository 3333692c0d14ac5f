#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/launch.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

struct CopyFileRangeOp {
    fuse_req_t req;
    Request request;
    FdRef in;
    FdRef out;
};

void reply_copy_file_range(CopyFileRangeOp& s, Result<std::size_t> r) {
    if (r) {
        fuse_reply_write(s.req, *r);
    } else {
        reply_error(s.req, r.error(), "copy_file_range");
    }
}

}  // namespace

void copy_file_range(fuse_req_t req, fuse_ino_t /*ino_in*/, off_t off_in, fuse_file_info* fi_in,
                     fuse_ino_t /*ino_out*/, off_t off_out, fuse_file_info* fi_out, std::size_t len, int flags) {
    Bridge& bridge = Bridge::of(req);
    auto state = std::make_unique<CopyFileRangeOp>(req, make_request(req, fi_out), fd_of(fi_in), fd_of(fi_out));
    launch(
        std::move(state),
        [&bridge, off_in, off_out, len, flags](CopyFileRangeOp& s) {
            return bridge.top().copy_file_range(s.request, *s.in, off_in, *s.out, off_out, len,
                                                static_cast<unsigned>(flags));
        },
        reply_copy_file_range);
}

}  // namespace booster::fuse::ops
