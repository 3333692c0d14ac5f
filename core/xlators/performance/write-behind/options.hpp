// Options of performance/write-behind (names, defaults and ranges as in GlusterFS).
#pragma once

#include "core/engine/options.hpp"

namespace booster {

inline constexpr OptionSpec kWriteBehindOptions[] = {
    {.key = "window-size",
     .type = OptionType::kSize,
     .default_value = "1MB",
     .min = 512 * 1024,
     .max = 1024.0 * 1024 * 1024,
     .doc = "bytes of acknowledged, not yet written data held per file; a write that does not fit waits "
            "for space (a write larger than the window is written through)"},
    {.key = "aggregate-size",
     .type = OptionType::kSize,
     .default_value = "128KB",
     .min = 4096,
     .max = 1024.0 * 1024 * 1024,
     .doc = "contiguous cached writes are joined into writes of up to this size (at most window-size)"},
    {.key = "flush-behind",
     .type = OptionType::kBool,
     .default_value = "on",
     .doc = "on: a flush (close) waits only for the writes made through the fd being flushed; off: for "
            "every write pending on the file. Either way it returns their error and then the child's flush"},
    {.key = "trickling-writes",
     .type = OptionType::kBool,
     .default_value = "on",
     .doc = "on: cached writes are sent as soon as no write of the file is in flight; off: they are held "
            "until aggregate-size is reached or a flush, fsync, read or other fop needs them"},
};

}  // namespace booster
