#include <sys/file.h>

#include "core/fuse/ops/ops.hpp"
#include "core/fuse/reply.hpp"
#include "core/fuse/set_lock.hpp"

namespace booster::fuse::ops {

// flock(2): the kernel's lock owner is the open file description, and the last close of that
// description releases the lock (the engine's release of the Fd).
void flock(fuse_req_t req, fuse_ino_t /*ino*/, fuse_file_info* fi, int op) {
    Flock lock;
    lock.kind = LockKind::kFlock;
    switch (op & ~LOCK_NB) {
        case LOCK_SH: lock.type = F_RDLCK; break;
        case LOCK_EX: lock.type = F_WRLCK; break;
        case LOCK_UN: lock.type = F_UNLCK; break;
        default: reply_error(req, Error{EINVAL}, "flock"); return;
    }
    lock.pid = fuse_req_ctx(req)->pid;
    lock.owner = fi->lock_owner;
    const bool wait = (op & LOCK_NB) == 0 && lock.type != F_UNLCK;
    set_lock(req, fi, lock, wait ? LockCmd::kSetLkWait : LockCmd::kSetLk, "flock");
}

}  // namespace booster::fuse::ops
