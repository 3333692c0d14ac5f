// PendingRanges: the pending writes that overlap a range, found through the index, are exactly
// those a pass over every pending write finds.
#include "core/xlators/performance/write-behind/pending_ranges.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <deque>
#include <random>
#include <set>

namespace {

using namespace booster;

std::set<const QueuedWrite*> overlapping(const PendingRanges& index, const ByteRange& range) {
    std::set<const QueuedWrite*> found;
    index.for_each_overlapping(range, [&](const QueuedWrite& w) { CHECK(found.insert(&w).second); });
    return found;
}

std::set<const QueuedWrite*> by_pass(const std::deque<QueuedWrite>& all, const std::set<const QueuedWrite*>& pending,
                                     const ByteRange& range) {
    std::set<const QueuedWrite*> found;
    for (const QueuedWrite& w : all)
        if (pending.contains(&w) && w.range.overlaps(range)) found.insert(&w);
    return found;
}

}  // namespace

TEST_CASE("pending ranges: a range finds the writes it overlaps, also long, grown and unbounded ones") {
    std::deque<QueuedWrite> all(5);
    PendingRanges index;
    all[0].range = ByteRange::of(0, 4096);
    all[1].range = ByteRange::of(1 << 20, 64 * 1024);  // long: starts far before what it reaches
    all[2].range = ByteRange::of(8192, 4096);
    for (int i = 0; i < 3; ++i) index.add(all[i]);
    CHECK(overlapping(index, ByteRange::of(4096, 4096)).empty());
    CHECK(overlapping(index, ByteRange::of((1 << 20) + 60 * 1024, 1)) == std::set<const QueuedWrite*>{&all[1]});
    all[2].range.end += 8192;  // appended to
    index.grew(all[2]);
    CHECK(overlapping(index, ByteRange::of(16384, 1)) == std::set<const QueuedWrite*>{&all[2]});
    all[3].range = ByteRange::whole_file();  // an append
    index.add(all[3]);
    CHECK(overlapping(index, ByteRange::of(4096, 4096)) == std::set<const QueuedWrite*>{&all[3]});
    index.remove(all[3]);
    index.remove(all[1]);
    CHECK(overlapping(index, ByteRange::from(0)) == std::set<const QueuedWrite*>{&all[0], &all[2]});
}

TEST_CASE("pending ranges: random adds, growths and removals find what a pass over all writes finds") {
    std::mt19937_64 rng(7);
    std::deque<QueuedWrite> all(400);
    std::set<const QueuedWrite*> pending;
    PendingRanges index;
    auto offset = [&] { return rng() % (1 << 20); };
    for (QueuedWrite& w : all) {
        const auto kind = rng() % 20;
        w.range = kind == 0 ? ByteRange::whole_file() : ByteRange::of(offset(), kind == 1 ? 256 * 1024 : 1 + rng() % 8192);
        index.add(w);
        pending.insert(&w);
        if (kind > 1 && rng() % 4 == 0) {
            w.range.end += 4096;
            index.grew(w);
        }
        if (rng() % 2 == 0) {
            auto victim = std::next(pending.begin(), static_cast<std::ptrdiff_t>(rng() % pending.size()));
            index.remove(**victim);
            pending.erase(victim);
        }
        const ByteRange probe = rng() % 10 == 0 ? ByteRange::from(offset()) : ByteRange::of(offset(), 1 + rng() % 16384);
        REQUIRE(overlapping(index, probe) == by_pass(all, pending, probe));
    }
}
