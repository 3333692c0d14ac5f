#include "core/xlators/performance/write-behind/queued_write.hpp"

#include <cstring>

namespace booster {

std::shared_ptr<QueuedWrite> QueuedWrite::make(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags,
                                               Mode mode, const std::shared_ptr<BufferPool>& buffers) {
    auto w = std::make_shared<QueuedWrite>();
    w->fd = FdRef(&fd);
    w->request = req;
    w->request.xdata = nullptr;
    w->offset = offset;
    w->flags = flags;
    w->size = total_size(src);
    w->range = w->appends() ? ByteRange::whole_file() : ByteRange::of(static_cast<std::uint64_t>(offset), w->size);
    if (mode == Mode::kWrittenThrough) {
        w->borrowed.assign(src.begin(), src.end());
        return w;
    }
    w->copy = BufferPool::copy_buffer(buffers, w->size);
    gather(src, w->copy.get());
    return w;
}

void gather(IoVecs src, char* to) {
    for (const iovec& v : src) {
        std::memcpy(to, v.iov_base, v.iov_len);
        to += v.iov_len;
    }
}

}  // namespace booster
