#include "core/xlators/debug/io-stats/io_stats.hpp"

namespace booster {

Status IoStats::init() {
    count_ = options().boolean("count-fop-hits");
    latency_ = options().boolean("latency-measurement");
    stats_key_ = options().str("stats-key");
    reset_key_ = stats_key_ + std::string(kResetSuffix);
    return ok();
}

Task<Result<std::string>> IoStats::getxattr(const Request& req, const Loc& loc, std::string_view name) {
    if (name == stats_key_) return ready<Result<std::string>>(render());
    return FopInterceptor::getxattr(req, loc, name);
}

Task<Result<Unit>> IoStats::setxattr(const Request& req, const Loc& loc, std::string_view name,
                                     std::string_view value, int flags) {
    if (name == reset_key_) {
        counters_.reset();
        return ready<Result<Unit>>(Unit{});
    }
    return FopInterceptor::setxattr(req, loc, name, value, flags);
}

std::string IoStats::render() const {
    std::string out;
    for (std::size_t i = 0; i < kFopCount; ++i) {
        const FopTotals t = counters_.totals(static_cast<FopId>(i));
        if (t.calls == 0) continue;
        out.append(kFopNames[i]);
        out += " calls=" + std::to_string(t.calls);
        out += " errors=" + std::to_string(t.errors);
        out += " lat_us_total=" + std::to_string(t.latency_ns_total / 1000);
        out += " lat_us_min=" + std::to_string(t.latency_ns_min / 1000);
        out += " lat_us_max=" + std::to_string(t.latency_ns_max / 1000);
        out += " bytes=" + std::to_string(t.bytes);
        out += '\n';
    }
    return out;
}

}  // namespace booster
