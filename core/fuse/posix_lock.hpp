// Converting POSIX record locks between the kernel's struct flock and the engine's Flock.
// The owner is the kernel's lock owner of the request (per process for fcntl locks).
// Pure functions.
#pragma once

#include <fcntl.h>

#include <cstdint>

#include "core/engine/fop_types.hpp"

namespace booster::fuse {

inline Flock to_engine_lock(const struct flock& fl, std::uint64_t owner) {
    Flock l;
    l.type = fl.l_type;
    l.whence = fl.l_whence;
    l.start = fl.l_start;
    l.len = fl.l_len;
    l.pid = fl.l_pid;
    l.owner = owner;
    return l;
}

inline struct flock to_posix_lock(const Flock& l) {
    struct flock fl{};
    fl.l_type = l.type;
    fl.l_whence = l.whence;
    fl.l_start = l.start;
    fl.l_len = l.len;
    fl.l_pid = l.pid;
    return fl;
}

}  // namespace booster::fuse
