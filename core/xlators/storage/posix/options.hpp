// Options of storage/posix.
#pragma once

#include "core/engine/options.hpp"

namespace booster {

inline constexpr OptionSpec kPosixOptions[] = {
    {.key = "directory",
     .type = OptionType::kPath,
     .doc = "the brick: an existing local directory that holds this volume's files",
     .required = true},
};

}  // namespace booster
