// Waiter: a fop parked until the writes queued before it that it conflicts with have their
// reply (GlusterFS's rule for readv, stat, truncate, fsync, flush, ...).
//
// It depends on the bytes in `range` and, with `only` set, only on writes made through that
// fd (flush with flush-behind). If one of those writes was acknowledged and then failed, the
// waiter fails with its errno (`failed`), unless it reports write errors itself through the
// fd's error cursor (fsync, flush), so that one error is not reported twice.
// Thread-safety: the fields after "Guarded" are touched under the owning queue's mutex; the
// waiter reads `failed` after passing the gate, which orders it after the write.
#pragma once

#include <cstdint>

#include "core/engine/fd.hpp"
#include "core/xlators/performance/write-behind/byte_range.hpp"
#include "core/xlators/performance/write-behind/gate.hpp"

namespace booster {

struct Waiter {
    enum class OnWriteError { kFail, kReportLater };

    Waiter(ByteRange r, const Fd* fd, OnWriteError e) : range(r), only(fd), on_error(e) {}

    bool depends_on(const Fd& fd, const ByteRange& written) const {
        return (only == nullptr || only == &fd) && range.overlaps(written);
    }

    const ByteRange range;
    const Fd* const only;
    const OnWriteError on_error;
    Gate released;

    // Guarded by the queue's mutex.
    std::uint64_t before_seq = 0;  // depends on writes that arrived before this one
    std::size_t blockers = 0;      // pending writes it still waits for
    int failed = 0;
};

}  // namespace booster
