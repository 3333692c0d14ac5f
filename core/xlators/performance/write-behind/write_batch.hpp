// WriteBatch: queued writes sent to the child as one writev (aggregation).
//
// A batch joins writes that are contiguous in the file, made through the same fd with the same
// lock owner and flags, all cached (joins()); the queue picks them, up to aggregate-size.
// Writes are joined by their iovecs, not copied again. Only writes that overlap nothing pending
// before them are offered (the queue's rule), so a batch never carries two versions of the
// same byte (GlusterFS #884 merged overlapping writes of one generation).
// wind() sends the rest again after a short write of cached writes, whose bytes were promised;
// its result is all-or-nothing for the batch. A written-through write is a batch alone and gets
// the child's count as it is.
// Ownership: holds its writes (and through them their Fds) until destroyed; must outlive wind().
// Thread-safety: built under the queue's mutex by one thread, then only read.
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "core/engine/task.hpp"
#include "core/engine/xlator.hpp"
#include "core/xlators/performance/write-behind/queued_write.hpp"

namespace booster {

class WriteBatch {
public:
    // Whether `next` may follow `last` in one batch (size aside).
    static bool joins(const QueuedWrite& last, const QueuedWrite& next);

    explicit WriteBatch(std::vector<std::shared_ptr<QueuedWrite>> writes);

    Task<Result<std::size_t>> wind(Xlator& child);

    const std::vector<std::shared_ptr<QueuedWrite>>& writes() const { return writes_; }

private:
    std::vector<std::shared_ptr<QueuedWrite>> writes_;
    std::vector<iovec> iov_;
    std::uint64_t bytes_ = 0;
};

}  // namespace booster
