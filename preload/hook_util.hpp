// Small helpers shared by the hooks_*.cpp files: errno preservation and call counting.
#pragma once

#include <cerrno>

#include "preload/guard.hpp"
#include "preload/real.hpp"
#include "preload/stats.hpp"

namespace booster::preload {

// Keeps errno as the real call left it across booster bookkeeping that may touch it.
class ErrnoKeeper {
public:
    ErrnoKeeper() : saved_(errno) {}
    ~ErrnoKeeper() { errno = saved_; }

private:
    int saved_;
};

}  // namespace booster::preload

// Calls the real function, counted as a kernel call when the application made it (the engine's
// own syscalls pass through the hooks too, and are not the application's).
#define BOOSTER_KERNEL(name, ...)                                                                          \
    ((::booster::preload::inside_booster() ? void() : ::booster::preload::stats::count(::booster::preload::Call::name, false)), \
     BOOSTER_REAL(name)(__VA_ARGS__))

#define BOOSTER_COUNT_BOOSTED(name) ::booster::preload::stats::count(::booster::preload::Call::name, true)
