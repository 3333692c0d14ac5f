#include "core/xlators/performance/write-behind/queued_write.hpp"

#include <cstring>

namespace booster {

std::shared_ptr<QueuedWrite> QueuedWrite::make(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags,
                                               Mode mode) {
    auto w = std::make_shared<QueuedWrite>();
    w->fd = FdRef(&fd);
    w->request = req;
    w->request.xdata = nullptr;
    w->offset = offset;
    w->flags = flags;
    w->size = total_size(src);
    w->range = w->appends() ? ByteRange::whole_file() : ByteRange::of(static_cast<std::uint64_t>(offset), w->size);
    if (mode == Mode::kWrittenThrough) {
        w->iov.assign(src.begin(), src.end());
        return w;
    }
    w->copy = std::make_unique_for_overwrite<char[]>(w->size);
    std::size_t at = 0;
    for (const iovec& v : src) {
        std::memcpy(w->copy.get() + at, v.iov_base, v.iov_len);
        at += v.iov_len;
    }
    w->iov.push_back(iovec{w->copy.get(), w->size});
    return w;
}

}  // namespace booster
