// Options of debug/async.
#pragma once

#include "core/engine/options.hpp"

namespace booster {

inline constexpr OptionSpec kAsyncOptions[] = {
    {.key = "threads",
     .type = OptionType::kInt,
     .default_value = "2",
     .min = 1,
     .max = 64,
     .doc = "worker threads that wind and complete the fops (2 or more: never the same one twice in a row)"},
};

}  // namespace booster
