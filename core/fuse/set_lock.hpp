// set_lock(): one lock request of the kernel (setlk for fcntl locks, flock for flock(2)) sent
// to the graph as an lk fop, answered with 0 or the errno when it completes.
// A waiting request (kSetLkWait) parks in the graph's lock translator: launch() returns at
// once, so this FUSE worker thread serves other requests meanwhile, and the reply comes from
// the thread of whoever lets the lock through.
// Call from the FUSE worker thread that received `req`.
#pragma once

#include "core/engine/fop_types.hpp"
#include "core/fuse/fuse_api.hpp"

namespace booster::fuse {

void set_lock(fuse_req_t req, fuse_file_info* fi, const Flock& lock, LockCmd cmd, const char* op);

}  // namespace booster::fuse
