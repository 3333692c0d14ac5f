// fd_limit(): how many fd numbers an FdTable must be able to hold: the hard RLIMIT_NOFILE
// (a program may raise its soft limit at any time), capped so a huge or infinite limit does
// not cost a huge top-level array. Any thread.
#pragma once

#include <cstddef>

namespace booster::fdtable {

inline constexpr std::size_t kMaxTrackedFds = std::size_t{1} << 22;

std::size_t fd_limit();

}  // namespace booster::fdtable
