// storage/posix: locks. lk maps onto open-file-description (OFD) locks of the kernel
// descriptor behind the Fd (fcntl locks), or flock(2) on that descriptor (flock locks): both
// conflict between Fds, whatever process or thread holds them.
// Lock-owner semantics across clients and the internal inodelk/entrylk of cluster translators
// are features/locks' job; posix answers those with EOPNOTSUPP.
#include <fcntl.h>
#include <sys/file.h>

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

int flock_operation(short type) {
    switch (type) {
        case F_RDLCK: return LOCK_SH;
        case F_WRLCK: return LOCK_EX;
        case F_UNLCK: return LOCK_UN;
    }
    return -1;
}

// flock(2) has no F_GETLK: asking is EINVAL.
Result<Flock> flock_lk(int fd, LockCmd cmd, const Flock& lock) {
    int op = flock_operation(lock.type);
    if (op < 0 || cmd == LockCmd::kGetLk) return fail(EINVAL);
    if (cmd == LockCmd::kSetLk) op |= LOCK_NB;
    if (::flock(fd, op) != 0) return fail_errno();  // EWOULDBLOCK is EAGAIN on Linux
    return lock;
}

}  // namespace

Result<Flock> Posix::lk_sync(const Request&, Fd& fd, LockCmd cmd, const Flock& lock) {
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    if (lock.kind == LockKind::kFlock) return flock_lk((*file)->fd.get(), cmd, lock);
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
