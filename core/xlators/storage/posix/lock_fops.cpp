// storage/posix: locks. lk maps onto open-file-description (OFD) locks of the kernel
// descriptor behind the Fd (fcntl locks), or flock(2) on that descriptor (flock locks): both
// conflict between Fds, whatever process or thread holds them.
// A blocking request first tries without blocking, on the caller's thread; only a conflict
// waits, on a lock-wait thread (lock_wait_threads.hpp), cancelled by Request::cancel.
// Lock-owner semantics across clients and the internal inodelk/entrylk of cluster translators
// are features/locks' job; posix answers those with EOPNOTSUPP.
#include <fcntl.h>
#include <sys/file.h>

#include <stop_token>

#include "core/xlators/storage/posix/high_descriptor.hpp"
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

Result<Flock> kernel_lk(int fd, LockCmd cmd, const Flock& lock) {
    if (lock.kind == LockKind::kFlock) return flock_lk(fd, cmd, lock);
    struct flock fl {};
    fl.l_type = lock.type;
    fl.l_whence = lock.whence;
    fl.l_start = lock.start;
    fl.l_len = lock.len;
    fl.l_pid = 0;  // required by OFD locks
    if (::fcntl(fd, ofd_command(cmd), &fl) != 0) {
        // POSIX allows either for a conflicting non-blocking lock; callers see one.
        if (errno == EACCES) return fail(EAGAIN);
        return fail_errno();
    }
    return Flock{fl.l_type, fl.l_whence, fl.l_start, fl.l_len, fl.l_pid, lock.owner, lock.kind};
}

}  // namespace

Task<Result<Flock>> Posix::lk(const Request& req, Fd& fd, LockCmd cmd, const Flock& lock) {
    if (cmd != LockCmd::kSetLkWait) co_return lk_sync(req, fd, cmd, lock);
    auto now = lk_sync(req, fd, LockCmd::kSetLk, lock);
    if (now || now.error().errnum != EAGAIN) co_return now;

    // A descriptor of the wait's own on the same open file description (so the same lock
    // owner): the wait does not depend on the Fd staying open, and a lock granted after the
    // Fd's release goes with this descriptor's close.
    auto file = open_file(fd);
    if (!file) co_return std::unexpected(file.error());
    UniqueFd waiting = born_high([&] { return ::fcntl((*file)->fd.get(), F_DUPFD_CLOEXEC, 0); });
    if (!waiting) co_return fail_errno();
    Result<Flock> granted = fail(EINTR);
    LockWait wait([&] {
        granted = kernel_lk(waiting.get(), LockCmd::kSetLkWait, lock);
        return granted ? 0 : granted.error().errnum;
    });
    // Declared after `wait`, so that its destructor, which waits for a cancel() running on
    // another thread, runs while `wait` still exists.
    std::stop_callback interrupted(req.cancel, [&wait] { wait.cancel(); });
    co_await lock_waits_.wait(wait);
    if (wait.error() != 0) co_return fail(wait.error());
    co_return granted;
}

Result<Flock> Posix::lk_sync(const Request&, Fd& fd, LockCmd cmd, const Flock& lock) {
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    return kernel_lk((*file)->fd.get(), cmd, lock);
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
