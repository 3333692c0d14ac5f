// Options of performance/open-behind. Which opens are deferred is decided by their flags
// (open_behind.hpp), not by configuration.
#pragma once

#include "core/engine/options.hpp"

namespace booster {

inline constexpr OptionSpec kOpenBehindOptions[] = {
    {.key = "use-anonymous-fd",
     .type = OptionType::kBool,
     .default_value = "on",
     .doc = "the first read of a read-only fd, or the first write of a write-only one, whose open "
            "is still deferred goes below on an anonymous fd (the object by gfid, no open) and the "
            "open stays deferred, so a file opened, read or written in one call and closed costs "
            "one round trip to a brick (GlusterFS's lazy-open); a second read or write sends the "
            "open; off sends the open first. A graph whose children refuse anonymous fds (EBADF, "
            "EINVAL: an older brick) falls back to opening by itself"},
};

}  // namespace booster
