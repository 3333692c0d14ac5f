// Options of performance/stat-prefetch.
#pragma once

#include "core/engine/options.hpp"

namespace booster {

inline constexpr OptionSpec kStatPrefetchOptions[] = {
    {.key = "lookup-behind",
     .type = OptionType::kBool,
     .default_value = "on",
     .doc = "after answering a lookup from the cache, still send it below (seed 002), so that "
            "translators below see every lookup; off sends nothing below for a cache hit, which "
            "is safe only when nothing below keeps state from lookups (storage/posix alone)"},
};

}  // namespace booster
