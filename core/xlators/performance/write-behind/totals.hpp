// WriteBehindTotals: translator-wide counters that every file's WriteQueue keeps up to date,
// for dump() (and `replies`, a stamp that readdirp compares: write_behind.hpp).
// Thread-safety: atomics; any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace booster {

struct WriteBehindTotals {
    std::atomic<std::uint64_t> cached{0};           // writes acknowledged at their arrival
    std::atomic<std::uint64_t> written_through{0};  // writes whose caller waited for the reply
    std::atomic<std::uint64_t> window_waits{0};     // cached writes that waited for window space
    std::atomic<std::uint64_t> batches{0};          // writev calls sent to the child
    std::atomic<std::uint64_t> deferred_errors{0};  // acknowledged writes that failed
    std::atomic<std::uint64_t> replies{0};          // writes that got their reply; stamps (WriteQueue)

    std::string render(std::size_t busy_files, std::size_t pooled_bytes) const {
        auto v = [](const std::atomic<std::uint64_t>& a) { return std::to_string(a.load(std::memory_order_relaxed)); };
        return "cached=" + v(cached) + " written-through=" + v(written_through) + " window-waits=" + v(window_waits) +
               " batches=" + v(batches) + " deferred-errors=" + v(deferred_errors) + " replies=" + v(replies) +
               " busy-files=" + std::to_string(busy_files) + " pooled-bytes=" + std::to_string(pooled_bytes) + "\n";
    }
};

}  // namespace booster
