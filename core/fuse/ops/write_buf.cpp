#include <vector>

#include "core/engine/task.hpp"
#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/request_context.hpp"

namespace booster::fuse::ops {

namespace {

// The data as iovecs. Memory buffers are used in place; a buffer that is an fd (splice, which
// the bridge does not ask for) is copied into `copy` first.
std::vector<iovec> data_of(fuse_bufvec& bufv, std::vector<char>& copy) {
    std::vector<iovec> iovs;
    for (std::size_t i = bufv.idx; i < bufv.count; ++i) {
        const fuse_buf& b = bufv.buf[i];
        if (b.flags & FUSE_BUF_IS_FD) {
            copy.resize(fuse_buf_size(&bufv));
            fuse_bufvec dst = FUSE_BUFVEC_INIT(copy.size());
            dst.buf[0].mem = copy.data();
            const ssize_t n = fuse_buf_copy(&dst, &bufv, FUSE_BUF_NO_SPLICE);
            copy.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
            return {iovec{copy.data(), copy.size()}};
        }
        const std::size_t skip = i == bufv.idx ? bufv.off : 0;
        iovs.push_back(iovec{static_cast<char*>(b.mem) + skip, b.size - skip});
    }
    return iovs;
}

}  // namespace

void write_buf(fuse_req_t req, fuse_ino_t /*ino*/, fuse_bufvec* bufv, off_t off, fuse_file_info* fi) {
    Bridge& bridge = Bridge::of(req);
    std::vector<char> copy;
    const std::vector<iovec> data = data_of(*bufv, copy);
    const Request request = make_request(req, fi);
    FdRef fd = fd_of(fi);
    // The data lives in this worker's receive buffer, which libfuse reuses as soon as we
    // return: wait for the fop (free when it completes inline, the usual case).
    auto r = sync_wait(bridge.top().writev(request, *fd, IoVecs(data), off, 0));
    if (r) {
        fuse_reply_write(req, *r);
    } else {
        reply_error(req, r.error(), "write");
    }
}

}  // namespace booster::fuse::ops
