#include "core/xlators/performance/stat-prefetch/stat_prefetch.hpp"

namespace booster {

namespace {

std::string field(std::string_view key, std::uint64_t value) {
    return std::string(key) + "=" + std::to_string(value);
}

std::uint64_t read(const std::atomic<std::uint64_t>& a) { return a.load(std::memory_order_relaxed); }

}  // namespace

Status StatPrefetch::init() {
    lookup_behind_ = options().boolean("lookup-behind");
    return ok();
}

void StatPrefetch::fini() { behind_.drain(); }

std::string StatPrefetch::dump() const {
    return field("hits", read(counters_.hits)) + " " + field("misses", read(counters_.misses)) + " " +
           field("waited", read(counters_.waited)) + " " + field("behind", behind_.sent()) + " " +
           field("behind_disagreed", read(counters_.behind_disagreed)) + " " +
           field("fills", read(counters_.fills)) + " " + field("fills_dropped", read(counters_.fills_dropped)) +
           " " + field("offset_flushes", read(counters_.offset_flushes)) + " " +
           field("open_caches", open_caches_.load()) + " " + field("directories", directories_.load()) + "\n";
}

}  // namespace booster
