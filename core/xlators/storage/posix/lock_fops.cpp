// storage/posix: locks. lk maps onto open-file-description (OFD) locks of the kernel
// descriptor behind the Fd: they conflict between Fds, whatever process or thread holds them.
// Lock-owner semantics across clients and the internal inodelk/entrylk of cluster translators
// are features/locks' job; posix answers those with EOPNOTSUPP.
#include <fcntl.h>

#include "core/xlators/storage/posix/posix.hpp"

namespace booster {

namespace {

int ofd_command(LockCmd cmd) {
    switch (cmd) {
        case LockCmd::kGetLk: return F_OFD_GETLK;
        case LockCmd::kSetLk: return F_OFD_SETLK;
        case LockCmd::kSetLkWait: return F_OFD_SETLKW;
    }
    return -1;
}

}  // namespace

Result<Flock> Posix::lk_sync(const Request&, Fd& fd, LockCmd cmd, const Flock& lock) {
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    struct flock fl {};
    fl.l_type = lock.type;
    fl.l_whence = lock.whence;
    fl.l_start = lock.start;
    fl.l_len = lock.len;
    fl.l_pid = 0;  // required by OFD locks
    if (::fcntl((*file)->fd.get(), ofd_command(cmd), &fl) != 0) {
        // POSIX allows either for a conflicting non-blocking lock; callers see one.
        if (errno == EACCES) return fail(EAGAIN);
        return fail_errno();
    }
    return Flock{fl.l_type, fl.l_whence, fl.l_start, fl.l_len, fl.l_pid, lock.owner, lock.kind};
}

Result<Unit> Posix::inodelk_sync(const Request&, std::string_view, const Loc&, LockCmd, const Flock&) {
    return fail(EOPNOTSUPP);
}

Result<Unit> Posix::finodelk_sync(const Request&, std::string_view, Fd&, LockCmd, const Flock&) {
    return fail(EOPNOTSUPP);
}

Result<Unit> Posix::entrylk_sync(const Request&, std::string_view, const Loc&, std::string_view, EntryLockCmd,
                                 EntryLockType) {
    return fail(EOPNOTSUPP);
}

}  // namespace booster
