// Options of performance/md-cache (names as in GlusterFS's md-cache; defaults: README.md).
#pragma once

#include "core/engine/options.hpp"

namespace booster {

inline constexpr OptionSpec kMdCacheOptions[] = {
    {.key = "timeout",
     .type = OptionType::kTime,
     .default_value = "1",
     .min = 0,
     .max = 3600,
     .doc = "how long an inode's attributes are answered from the cache (default 1 s, the FUSE "
            "mount's attr_timeout); 0 disables the cache"},
};

}  // namespace booster
