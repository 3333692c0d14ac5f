// set_lock(): one lock request of the kernel (setlk for fcntl locks, flock for flock(2)) sent
// to the graph as an lk fop, answered with 0 or the errno when it completes.
// A waiting request (kSetLkWait) parks in the graph: in features/locks, or on storage/posix's
// lock-wait threads. launch() returns at once, so this FUSE worker thread serves other requests
// meanwhile, and the reply comes from the thread of whoever lets the lock through.
// A waiting request is interruptible (Interrupts): when the caller gets a signal, the kernel's
// INTERRUPT cancels the wait and the answer is EINTR (which the kernel turns into a restart of
// the call when the signal's handler asks for SA_RESTART, and into EINTR otherwise).
// Call from the FUSE worker thread that received `req`.
#pragma once

#include "core/engine/fop_types.hpp"
#include "core/fuse/fuse_api.hpp"

namespace booster::fuse {

void set_lock(fuse_req_t req, fuse_file_info* fi, const Flock& lock, LockCmd cmd, const char* op);

}  // namespace booster::fuse
