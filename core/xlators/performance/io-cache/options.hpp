// Options of performance/io-cache (names as in GlusterFS's io-cache; defaults: README.md).
#pragma once

#include "core/engine/options.hpp"

namespace booster {

inline constexpr OptionSpec kIoCacheOptions[] = {
    {.key = "page-size",
     .type = OptionType::kSize,
     .default_value = "128KB",
     .min = 4096,
     .max = 16.0 * 1024 * 1024,
     .doc = "bytes of file data per cached page; a miss reads whole aligned pages from the child"},
    {.key = "cache-size",
     .type = OptionType::kSize,
     .default_value = "64MB",
     .min = 4096,
     .max = 1024.0 * 1024 * 1024 * 1024,
     .doc = "bytes of pages held for all files of the graph together; the least recently used page "
            "goes first (at least page-size)"},
};

}  // namespace booster
