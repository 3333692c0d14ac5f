#include "core/xlators/performance/write-behind/write_batch.hpp"

namespace booster {

bool WriteBatch::joins(const QueuedWrite& last, const QueuedWrite& next) {
    return next.cached() && last.continued_by(*next.fd, next.request.lk_owner, next.flags, next.offset);
}

WriteBatch::WriteBatch(std::vector<std::shared_ptr<QueuedWrite>> writes) : writes_(std::move(writes)) {
    for (const auto& w : writes_) {
        if (w->cached()) iov_.push_back(iovec{w->copy.get(), w->size});
        else iov_.insert(iov_.end(), w->borrowed.begin(), w->borrowed.end());
        bytes_ += w->size;
    }
}

Task<Result<std::size_t>> WriteBatch::wind(Xlator& child) {
    const QueuedWrite& first = *writes_.front();
    std::size_t done = 0;
    std::vector<iovec> rest;  // after a short write
    while (true) {
        if (done > 0) rest = slice_iovecs(iov_, done);
        Result<std::size_t> n = co_await child.writev(first.request, *first.fd, done == 0 ? IoVecs(iov_) : IoVecs(rest),
                                                      first.offset + static_cast<off_t>(done), first.flags);
        if (!n) co_return n;
        done += *n;
        // A written-through write answers its caller with the child's count, short or not (an
        // append could not even be continued: its offset is chosen below). Acknowledged bytes
        // must all reach the child.
        if (!first.cached() || done >= bytes_) co_return done;
        if (*n == 0) co_return fail(EIO);
    }
}

}  // namespace booster
