#include "core/xlators/debug/io-stats/fop_counters.hpp"

#include <algorithm>
#include <limits>

namespace booster {

namespace {

constexpr std::uint64_t kNoMin = std::numeric_limits<std::uint64_t>::max();

void store_min(std::atomic<std::uint64_t>& target, std::uint64_t v) {
    std::uint64_t cur = target.load(std::memory_order_relaxed);
    while (v < cur && !target.compare_exchange_weak(cur, v, std::memory_order_relaxed)) {
    }
}

void store_max(std::atomic<std::uint64_t>& target, std::uint64_t v) {
    std::uint64_t cur = target.load(std::memory_order_relaxed);
    while (v > cur && !target.compare_exchange_weak(cur, v, std::memory_order_relaxed)) {
    }
}

std::uint64_t load(const std::atomic<std::uint64_t>& a) { return a.load(std::memory_order_relaxed); }

}  // namespace

FopCounters::FopCounters() { reset(); }

std::size_t FopCounters::shard_of_this_thread() {
    static std::atomic<std::size_t> next{0};
    thread_local const std::size_t shard = next.fetch_add(1, std::memory_order_relaxed) % kShards;
    return shard;
}

void FopCounters::record(FopId fop, const FopSample& sample) {
    Slot& s = shards_[shard_of_this_thread()].slots[static_cast<std::size_t>(fop)];
    s.calls.fetch_add(1, std::memory_order_relaxed);
    if (sample.failed) s.errors.fetch_add(1, std::memory_order_relaxed);
    if (sample.bytes != 0) s.bytes.fetch_add(sample.bytes, std::memory_order_relaxed);
    if (sample.latency_ns) {
        s.latency_ns_total.fetch_add(*sample.latency_ns, std::memory_order_relaxed);
        store_min(s.latency_ns_min, *sample.latency_ns);
        store_max(s.latency_ns_max, *sample.latency_ns);
    }
}

FopTotals FopCounters::totals(FopId fop) const {
    FopTotals t;
    std::uint64_t min = kNoMin;
    for (const Shard& shard : shards_) {
        const Slot& s = shard.slots[static_cast<std::size_t>(fop)];
        t.calls += load(s.calls);
        t.errors += load(s.errors);
        t.bytes += load(s.bytes);
        t.latency_ns_total += load(s.latency_ns_total);
        min = std::min(min, load(s.latency_ns_min));
        t.latency_ns_max = std::max(t.latency_ns_max, load(s.latency_ns_max));
    }
    t.latency_ns_min = min == kNoMin ? 0 : min;
    return t;
}

void FopCounters::reset() {
    for (Shard& shard : shards_) {
        for (Slot& s : shard.slots) {
            s.calls.store(0, std::memory_order_relaxed);
            s.errors.store(0, std::memory_order_relaxed);
            s.bytes.store(0, std::memory_order_relaxed);
            s.latency_ns_total.store(0, std::memory_order_relaxed);
            s.latency_ns_min.store(kNoMin, std::memory_order_relaxed);
            s.latency_ns_max.store(0, std::memory_order_relaxed);
        }
    }
}

}  // namespace booster
