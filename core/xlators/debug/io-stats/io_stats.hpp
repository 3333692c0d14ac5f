// debug/io-stats: per-fop call, error, byte and latency statistics, readable at run time.
//
// Every fop is counted on its way back up (FopInterceptor): calls, errors (a failed Result),
// bytes moved (readv, writev, copy_file_range) and, with latency-measurement, the time from
// wind to unwind (total, min, max). The statistics are read through
//   getxattr(any loc, KEY)   -> text in the format below
//   dump()                   -> the same text (logged on SIGUSR1)
// and zeroed by setxattr(any loc, KEY + "-reset", any value), where KEY is the option
// stats-key ("user.booster.io-stats" unless set). Those two keys are answered here and never
// wound down, nor counted; any other key passes, so two io-stats in one graph, given different
// keys, are both readable from the mount (one above and one below a caching translator).
// With count-fop-hits off every other fop passes through without an extra frame.
// Text format, stable for scripts: one line per fop that was called at least once, in fop
// list order: "<fop> calls=N errors=N lat_us_total=N lat_us_min=N lat_us_max=N bytes=N\n".
// Thread-safety: as every translator; the counters are lock-free (fop_counters.hpp).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/engine/fop_interceptor.hpp"
#include "core/xlators/debug/io-stats/fop_counters.hpp"

namespace booster {

class IoStats final : public FopInterceptor<IoStats> {
public:
    static constexpr std::string_view kStatsKey = "user.booster.io-stats";
    static constexpr std::string_view kResetSuffix = "-reset";

    Status init() override;
    std::string dump() const override { return render(); }

    Task<Result<std::string>> getxattr(const Request& req, const Loc& loc, std::string_view name) override;
    Task<Result<Unit>> setxattr(const Request& req, const Loc& loc, std::string_view name,
                                std::string_view value, int flags) override;

    template <class R>
    Task<Result<R>> around(FopId fop, Task<Result<R>> next) {
        if (!count_) return next;
        return counted(fop, std::move(next));
    }

private:
    using Clock = std::chrono::steady_clock;

    template <class R>
    Task<Result<R>> counted(FopId fop, Task<Result<R>> next);
    std::string render() const;

    bool count_ = true;
    bool latency_ = true;
    std::string stats_key_;
    std::string reset_key_;
    FopCounters counters_;
};

template <class R>
Task<Result<R>> IoStats::counted(FopId fop, Task<Result<R>> next) {
    const Clock::time_point start = latency_ ? Clock::now() : Clock::time_point{};
    Result<R> result = co_await std::move(next);
    FopSample sample{.failed = !result.has_value()};
    // Only the data fops (readv, writev, copy_file_range) reply with a byte count.
    if constexpr (std::is_same_v<R, std::size_t>) {
        if (result) sample.bytes = *result;
    }
    if (latency_) {
        const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
        sample.latency_ns = static_cast<std::uint64_t>(ns);
    }
    counters_.record(fop, sample);
    co_return std::move(result);
}

}  // namespace booster
