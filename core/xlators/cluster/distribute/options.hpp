// Options of cluster/distribute (names as in GlusterFS's DHT; defaults: README.md).
#pragma once

#include "core/engine/options.hpp"

namespace booster {

inline constexpr OptionSpec kDistributeOptions[] = {
    {.key = "lookup-unhashed",
     .type = OptionType::kBool,
     .default_value = "on",
     .doc = "when a name is missing on its hashed subvolume, look for it on every subvolume (and "
            "leave a linkfile on the hashed one when found); off: a miss there is final"},
};

}  // namespace booster
