// Options of debug/io-stats (names as in GlusterFS io-stats).
#pragma once

#include "core/engine/options.hpp"

namespace booster {

inline constexpr OptionSpec kIoStatsOptions[] = {
    {.key = "count-fop-hits",
     .type = OptionType::kBool,
     .default_value = "on",
     .doc = "count calls, errors and bytes per fop; off passes every fop through untouched"},
    {.key = "latency-measurement",
     .type = OptionType::kBool,
     .default_value = "on",
     .doc = "measure the latency of every counted fop (two clock reads per fop)"},
    {.key = "stats-key",
     .type = OptionType::kString,
     .default_value = "user.booster.io-stats",
     .doc = "xattr name that reads the statistics (KEY-reset zeroes them); give each io-stats "
            "of a graph its own to read them all through the mount"},
};

}  // namespace booster
