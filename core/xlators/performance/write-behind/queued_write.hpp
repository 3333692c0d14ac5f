// QueuedWrite: one writev as write-behind holds it, from its arrival until the child's reply
// (GlusterFS's wb_request for a write).
//
// A cached write owns a copy of the caller's bytes: the caller's iovecs are theirs again as
// soon as writev returns, which for a cached write is before the data reaches the child. Until
// it is sent, the writes that continue it may be appended to that copy (WriteQueue::append):
// it then stands for all of them, and its copy is a pooled buffer of aggregate-size. A
// written-through write (O_SYNC, O_DSYNC, O_DIRECT, append, RWF_* flags, larger than the window)
// borrows the caller's iovecs: its caller waits for the reply, so they stay valid.
// Each write holds a reference on its Fd, so the fd's release (where every translator's fd
// context goes) cannot happen while one of its writes is pending: nothing is lost at release.
// The seed's three states are `stack_wound` (sent to the child), `write_behind` (acknowledged
// to the caller before the reply) and `got_reply`.
// Thread-safety: the fields after "Guarded" belong to the owning WriteQueue and are touched
// under its mutex only; the others are immutable once make() returns.
#pragma once

#include <fcntl.h>
#include <sys/uio.h>

#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <vector>

#include "core/engine/fd.hpp"
#include "core/engine/fop_list.hpp"
#include "core/engine/request.hpp"
#include "core/engine/result.hpp"
#include "core/xlators/performance/write-behind/buffer_pool.hpp"
#include "core/xlators/performance/write-behind/byte_range.hpp"
#include "core/xlators/performance/write-behind/gate.hpp"

namespace booster {

struct QueuedWrite {
    enum class Mode { kCached, kWrittenThrough };

    // `offset` must be >= 0 and `src` not empty; a cached write's copy comes from `buffers`.
    static std::shared_ptr<QueuedWrite> make(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags,
                                             Mode mode, const std::shared_ptr<BufferPool>& buffers);

    bool cached() const { return copy != nullptr; }
    // Appends decide their offset below us: such a write conflicts with the whole file.
    bool appends() const { return (flags & RWF_APPEND) != 0 || (fd->flags() & O_APPEND) != 0; }
    // Whether a write of these attributes continues this one where it ends, so that both may
    // go to the child as one writev (sizes aside).
    bool continued_by(const Fd& next_fd, std::uint64_t next_lk_owner, unsigned next_flags, off_t next_offset) const {
        return cached() && !appends() && fd.get() == &next_fd && request.lk_owner == next_lk_owner &&
               flags == next_flags && next_offset == offset + static_cast<off_t>(size);
    }

    FdRef fd;
    Request request;  // without xdata: the caller's dict does not outlive a cached write
    off_t offset = 0;
    unsigned flags = 0;  // RWF_* of the writev
    ByteRange range;
    BufferPool::Buffer copy;  // a cached write's bytes
    std::vector<iovec> borrowed;  // a written-through write's bytes: the caller's own iovecs
    // Opened when the caller may return: at the acknowledgement, or with the reply (`result`)
    // for a write that was never acknowledged.
    Gate answered;

    // Guarded by the queue's mutex (immutable once sent).
    std::size_t size = 0;
    std::uint64_t seq = 0;  // arrival order within the queue
    std::list<std::shared_ptr<QueuedWrite>>::iterator pos;         // in the queue's pending writes
    std::list<std::shared_ptr<QueuedWrite>>::iterator unsent_pos;  // in its unsent ones, until sent
    std::multimap<std::uint64_t, QueuedWrite*>::iterator by_start;  // in its PendingRanges
    std::size_t blockers = 0;  // earlier pending writes that overlap this one
    bool stack_wound = false;
    bool write_behind = false;
    bool got_reply = false;
    Result<std::size_t> result = 0;  // what the caller gets when answered after its arrival
};

// Copies the bytes of `src`, in order, to `to`.
void gather(IoVecs src, char* to);

}  // namespace booster
