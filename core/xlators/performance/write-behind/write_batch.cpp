#include "core/xlators/performance/write-behind/write_batch.hpp"

namespace booster {

namespace {

// The iovecs that remain after the first `done` bytes of `iov`.
std::vector<iovec> after(const std::vector<iovec>& iov, std::size_t done) {
    std::vector<iovec> rest;
    for (const iovec& v : iov) {
        if (done >= v.iov_len) {
            done -= v.iov_len;
            continue;
        }
        rest.push_back(iovec{static_cast<char*>(v.iov_base) + done, v.iov_len - done});
        done = 0;
    }
    return rest;
}

}  // namespace

WriteBatch::WriteBatch(std::shared_ptr<QueuedWrite> first) { add(std::move(first)); }

bool WriteBatch::can_take(const QueuedWrite& w, std::uint64_t limit) const {
    const QueuedWrite& last = *writes_.back();
    return last.cached() && w.cached() && !last.appends() && w.fd == last.fd &&
           w.request.lk_owner == last.request.lk_owner && w.flags == last.flags &&
           w.offset == last.offset + static_cast<off_t>(last.size) && bytes_ + w.size <= limit;
}

void WriteBatch::add(std::shared_ptr<QueuedWrite> w) {
    iov_.insert(iov_.end(), w->iov.begin(), w->iov.end());
    bytes_ += w->size;
    awaited_ = awaited_ || !w->write_behind;
    writes_.push_back(std::move(w));
}

Task<Result<std::size_t>> WriteBatch::wind(Xlator& child) {
    const QueuedWrite& first = *writes_.front();
    std::size_t done = 0;
    while (true) {
        const std::vector<iovec> rest = done == 0 ? iov_ : after(iov_, done);
        Result<std::size_t> n = co_await child.writev(first.request, *first.fd, IoVecs(rest),
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
