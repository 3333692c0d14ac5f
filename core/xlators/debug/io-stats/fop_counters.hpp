// FopCounters: per-fop call, error, byte and latency counters for io-stats, on the data path.
//
// Counters are spread over shards, each thread writing to one shard picked when the thread
// first records, so threads doing the same fop rarely share a cache line; updates are relaxed
// atomics (no lock). totals() sums the shards. reset() zeroes everything; a record racing
// with a reset may land on either side of it, which is fine for statistics.
// Thread-safety: record, totals and reset may be called from any thread.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>

#include "core/engine/fop_list.hpp"

namespace booster {

struct FopSample {
    bool failed = false;
    std::uint64_t bytes = 0;
    std::optional<std::uint64_t> latency_ns;  // absent when latency is not measured
};

struct FopTotals {
    std::uint64_t calls = 0;
    std::uint64_t errors = 0;
    std::uint64_t bytes = 0;
    std::uint64_t latency_ns_total = 0;
    std::uint64_t latency_ns_min = 0;  // 0 when there is no sample
    std::uint64_t latency_ns_max = 0;
};

class FopCounters {
public:
    FopCounters();

    void record(FopId fop, const FopSample& sample);
    FopTotals totals(FopId fop) const;
    void reset();

private:
    static constexpr std::size_t kShards = 16;

    struct Slot {
        std::atomic<std::uint64_t> calls;
        std::atomic<std::uint64_t> errors;
        std::atomic<std::uint64_t> bytes;
        std::atomic<std::uint64_t> latency_ns_total;
        std::atomic<std::uint64_t> latency_ns_min;
        std::atomic<std::uint64_t> latency_ns_max;
    };
    struct alignas(64) Shard {
        std::array<Slot, kFopCount> slots;
    };

    static std::size_t shard_of_this_thread();

    std::array<Shard, kShards> shards_;
};

}  // namespace booster
