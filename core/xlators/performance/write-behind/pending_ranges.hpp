// PendingRanges: a WriteQueue's pending writes ordered by where their bytes start, so that the
// writes overlapping a range are found without a pass over every pending write (random small
// writes keep hundreds pending: one pass per arrival and per reply was most of their cost).
//
// The writes that may overlap [start, end) start before `end` and at most the longest pending
// range before `start`. A range that reaches kToEnd (an append's whole file) bounds nothing:
// while one is pending, lookups visit every pending write, as a plain list would.
// Ownership: holds pointers; a write is added when it becomes pending and removed (before it
// goes) when it stops. Thread-safety: the owning queue's, under its mutex.
#pragma once

#include <cstdint>
#include <map>

#include "core/xlators/performance/write-behind/byte_range.hpp"
#include "core/xlators/performance/write-behind/queued_write.hpp"

namespace booster {

class PendingRanges {
public:
    void add(QueuedWrite& w) {
        w.by_start = by_start_.emplace(w.range.start, &w);
        if (w.range.end == ByteRange::kToEnd) ++unbounded_;
        else grew(w);
    }
    // `w`'s range now ends further (a write appended to it).
    void grew(const QueuedWrite& w) {
        if (w.range.end - w.range.start > longest_) longest_ = w.range.end - w.range.start;
    }
    void remove(const QueuedWrite& w) {
        if (w.range.end == ByteRange::kToEnd) --unbounded_;
        by_start_.erase(w.by_start);
        if (by_start_.empty()) longest_ = 0;
    }

    // Calls `f(w)` for each pending write whose range overlaps `range`, in no particular order.
    template <class F>
    void for_each_overlapping(const ByteRange& range, F&& f) const {
        auto from = by_start_.begin();
        if (unbounded_ == 0 && range.start > longest_) from = by_start_.lower_bound(range.start - longest_);
        for (auto it = from; it != by_start_.end() && it->first < range.end; ++it)
            if (it->second->range.overlaps(range)) f(*it->second);
    }

private:
    std::multimap<std::uint64_t, QueuedWrite*> by_start_;
    std::uint64_t longest_ = 0;  // of the bounded ranges pending since there were none
    std::size_t unbounded_ = 0;  // pending ranges that reach kToEnd
};

}  // namespace booster
