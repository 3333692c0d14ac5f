#include "core/fuse/ops/ops.hpp"
#include "core/fuse/posix_lock.hpp"
#include "core/fuse/set_lock.hpp"

namespace booster::fuse::ops {

// fcntl locks, POSIX (owner: the process) and OFD (owner: the open file description). The
// kernel has already turned SEEK_CUR and SEEK_END into offsets from the start.
void setlk(fuse_req_t req, fuse_ino_t /*ino*/, fuse_file_info* fi, struct flock* lock, int sleep) {
    set_lock(req, fi, to_engine_lock(*lock, fi->lock_owner), sleep != 0 ? LockCmd::kSetLkWait : LockCmd::kSetLk,
             "setlk");
}

}  // namespace booster::fuse::ops
