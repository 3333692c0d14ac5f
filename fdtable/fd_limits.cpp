#include "fdtable/fd_limits.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace booster::fdtable {

std::size_t fd_limit() {
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_max == RLIM_INFINITY) return kMaxTrackedFds;
    return std::clamp<std::size_t>(rl.rlim_max, 1024, kMaxTrackedFds);
}

}  // namespace booster::fdtable
