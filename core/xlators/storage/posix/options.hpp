// Options of storage/posix.
#pragma once

#include "core/engine/options.hpp"

namespace booster {

inline constexpr OptionSpec kPosixOptions[] = {
    {.key = "directory",
     .type = OptionType::kPath,
     .doc = "the brick: an existing local directory that holds this volume's files",
     .required = true},
    {.key = "write-piece-size",
     .type = OptionType::kSize,
     .default_value = "64KB",
     .min = 0,
     .max = 1024.0 * 1024 * 1024,
     .doc = "a plain write larger than this goes to the file in pieces of this size (0: in one piece), so "
            "that the page cache keeps the file in folios no larger: on kernels whose ext4 caches files in "
            "large folios each small write into one walks all its blocks (write_pieces.hpp); appends, "
            "O_DIRECT fds and writes with RWF_* flags always go in one piece"},
};

}  // namespace booster
