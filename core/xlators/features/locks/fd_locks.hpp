// FdLocks: features/locks' context on an Fd through which a lock (fcntl or flock) was taken.
// Its destructor is the Fd's release: the last close of an open file description drops the
// OFD and flock locks it carries (and any POSIX lock still taken through it), and wakes the
// waiters this lets through.
// Ownership: the Fd's context slot owns it; the Fd holds its inode, so the inode's InodeLocks
// outlives this.
// Thread-safety: made once per Fd (ctx_or_create), destroyed by whoever drops the last
// reference to the Fd.
#pragma once

#include "core/engine/ctx.hpp"
#include "core/engine/fd.hpp"
#include "core/xlators/features/locks/inode_locks.hpp"

namespace booster {

class FdLocks final : public Ctx {
public:
    FdLocks(InodeLocks& locks, const Fd& fd) : locks_(locks), fd_(&fd) {}
    ~FdLocks() override {
        Aftermath after;
        locks_.drop_via(fd_, after);
    }
    FdLocks(const FdLocks&) = delete;
    FdLocks& operator=(const FdLocks&) = delete;

private:
    InodeLocks& locks_;
    const void* fd_;
};

}  // namespace booster
