// Options of debug/delay-gen (names as in GlusterFS delay-gen, plus random-seed).
#pragma once

#include "core/engine/options.hpp"

namespace booster {

inline constexpr OptionSpec kDelayGenOptions[] = {
    {.key = "enable",
     .type = OptionType::kString,
     .default_value = "all",
     .doc = "fops to delay: `all` or a comma-separated list of fop names"},
    {.key = "delay-duration",
     .type = OptionType::kInt,
     .default_value = "100000",
     .min = 0,
     .max = 3.6e9,
     .doc = "delay added before a chosen fop is wound, in microseconds"},
    {.key = "delay-percentage",
     .type = OptionType::kPercent,
     .default_value = "100",
     .min = 0,
     .max = 100,
     .doc = "probability in percent that a call of a chosen fop is delayed"},
    {.key = "random-seed",
     .type = OptionType::kInt,
     .doc = "seed of the delay-percentage draws, for a reproducible pattern; random when absent"},
};

}  // namespace booster
