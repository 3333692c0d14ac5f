// Descriptor management: close, dup and fcntl keep the fd table in step with the kernel's; lock
// calls (fcntl locks, flock) go to the kernel once the engine has shared the file with it, and a
// granted lock drops the engine's caches of the file; close, close_range, closefrom, dup2 and
// dup3 leave the engine's own descriptors alone, also those it is just being given.
#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/file.h>

#include <algorithm>
#include <climits>
#include <cstdarg>

#include "core/xlators/storage/posix/engine_descriptors.hpp"
#include "preload/file_ops.hpp"
#include "preload/hook_util.hpp"

using namespace booster::preload;

namespace {

// The table entry at `fd` comes out (kernel_only ones too); the engine side is closed for a
// boosted one. Returns 0, or -1 with errno from the engine's flush.
int release_number(int fd) {
    if (!tracking()) return 0;
    FileRef f = runtime().files.remove(fd);
    if (!f || f->kernel_only.load(std::memory_order_relaxed)) return 0;
    return close_file(fd, *f);
}

// The engine's own descriptors (engine_descriptors.hpp) were never the program's: closing one
// would cut the engine off its brick and lose what it had acknowledged, and a dup2 or dup3 onto
// one would also make the engine send its frames into the program's file. EBADF, as for a
// number the program never had (and as dup2 answers for a number beyond the program's limit).
int refuse_engine_descriptor() {
    errno = EBADF;
    return -1;
}

// close(2) of a number the table does not hold, which may then be the program's or one the
// engine was just given (engine_descriptors.hpp): decided inside a ProgramDescriptorClose. An
// open number that is not an engine descriptor is the program's, and the kernel gives no open
// number to the engine, so the close itself runs outside: one that blocks (a socket's linger)
// holds up no engine thread.
int close_unowned(int fd) {
    {
        booster::ProgramDescriptorClose fence;
        if (booster::is_engine_descriptor(fd)) return refuse_engine_descriptor();
        if (BOOSTER_REAL(fcntl)(fd, F_GETFD) < 0) return -1;
    }
    return BOOSTER_REAL(close)(fd);
}

// close_range(2) of [first, last] but the engine's own descriptors: the runs between them,
// inside a ProgramDescriptorClose (free numbers among them may be given to the engine).
int close_range_around_engine(unsigned int first, unsigned int last, int flags) {
    const booster::ProgramDescriptorClose fence;
    auto as_int = [](long n) { return static_cast<int>(std::min<long>(n, INT_MAX)); };
    for (long from = first; from <= static_cast<long>(last);) {
        const int engine = booster::first_engine_descriptor(as_int(from), as_int(last));
        const long to = engine < 0 ? static_cast<long>(last) : engine - 1L;
        if (to >= from &&
            BOOSTER_REAL(close_range)(static_cast<unsigned>(from), static_cast<unsigned>(to), flags) != 0)
            return -1;
        if (engine < 0) break;
        from = engine + 1L;
    }
    return 0;
}

// close_range(2) as the program asked it: the table follows (entries released, or marked
// close-on-exec), and the engine's own descriptors stay open.
int close_range_of_program(unsigned int first, unsigned int last, int flags) {
    if (tracking()) {
        const int hi = last > static_cast<unsigned>(INT32_MAX) ? INT32_MAX : static_cast<int>(last);
        FileTable& files = runtime().files;
        if ((flags & CLOSE_RANGE_CLOEXEC) != 0) {
            files.for_each(static_cast<int>(first), hi, [&](int fd, const FileRef&) { files.set_cloexec(fd, true); });
        } else {
            files.for_each(static_cast<int>(first), hi, [](int fd, const FileRef&) { (void)release_number(fd); });
        }
    }
    if ((flags & CLOSE_RANGE_CLOEXEC) != 0) return BOOSTER_REAL(close_range)(first, last, flags);
    return close_range_around_engine(first, last, flags);
}

// After the kernel made `newfd` a duplicate of `oldfd`.
void record_dup(int oldfd, int newfd, bool cloexec) {
    if (newfd < 0 || !tracking()) return;
    (void)runtime().files.dup(oldfd, newfd, cloexec);
}

// dup2 and dup3 of the program's: the kernel closes fd2 implicitly, so its engine side is closed
// first, while fd2 still names it; fd2 may be a number the engine was just given, so the check
// and the kernel's dup run inside a ProgramDescriptorClose.
template <class Dup>
int dup_onto(int fd, int fd2, bool cloexec, Dup dup) {
    if (tracking() && BOOSTER_REAL(fcntl)(fd, F_GETFD) >= 0) (void)release_number(fd2);
    int r = -1;
    {
        const booster::ProgramDescriptorClose fence;
        if (booster::is_engine_descriptor(fd2)) return refuse_engine_descriptor();
        r = dup();
    }
    record_dup(fd, r, cloexec);
    return r;
}

}  // namespace

extern "C" {

int close(int fd) {
    if (inside_booster()) return BOOSTER_REAL(close)(fd);
    const bool ours = tracking() && runtime().files.contains(fd);
    stats::count(Call::close, ours);
    if (!ours) return close_unowned(fd);
    const int engine = release_number(fd);
    const int saved = errno;
    const int kernel = BOOSTER_REAL(close)(fd);
    if (engine != 0 && kernel == 0) {
        errno = saved;
        return -1;
    }
    return kernel;
}

int close_range(unsigned int first, unsigned int last, int flags) {
    if (inside_booster()) return BOOSTER_REAL(close_range)(first, last, flags);
    stats::count(Call::close_range, false);
    return close_range_of_program(first, last, flags);
}

void closefrom(int lowfd) {
    if (inside_booster()) return BOOSTER_REAL(closefrom)(lowfd);
    stats::count(Call::closefrom, false);
    // glibc's closefrom calls close_range inside libc, where the hook above never sees it.
    if (close_range_of_program(static_cast<unsigned>(std::max(lowfd, 0)), ~0U, 0) == 0) return;
    // A kernel without close_range (before 5.9): glibc walks /proc/self/fd itself.
    BOOSTER_REAL(closefrom)(lowfd);
}

int dup(int fd) {
    const int newfd = BOOSTER_KERNEL(dup, fd);
    if (!inside_booster()) record_dup(fd, newfd, false);
    return newfd;
}

int dup2(int fd, int fd2) {
    if (inside_booster() || fd == fd2) return BOOSTER_KERNEL(dup2, fd, fd2);
    return dup_onto(fd, fd2, false, [&] { return BOOSTER_KERNEL(dup2, fd, fd2); });
}

int dup3(int fd, int fd2, int flags) {
    if (inside_booster() || fd == fd2) return BOOSTER_KERNEL(dup3, fd, fd2, flags);
    return dup_onto(fd, fd2, (flags & O_CLOEXEC) != 0, [&] { return BOOSTER_KERNEL(dup3, fd, fd2, flags); });
}

}  // extern "C"

namespace {

bool is_lock_command(int cmd) {
    return cmd == F_GETLK || cmd == F_SETLK || cmd == F_SETLKW || cmd == F_OFD_GETLK || cmd == F_OFD_SETLK ||
           cmd == F_OFD_SETLKW;
}

// A set-lock command that asks for a lock (not an unlock): granted, it ends another holder's.
bool takes_lock(int cmd, const void* arg) {
    if (cmd != F_SETLK && cmd != F_SETLKW && cmd != F_OFD_SETLK && cmd != F_OFD_SETLKW) return false;
    return static_cast<const struct flock*>(arg)->l_type != F_UNLCK;
}

// Locks are the kernel's, through the mount, shared with every other process. Before one is
// taken, tested or let go on a boosted fd, the writes the engine holds reach the bricks (the
// next holder must see what was written under the lock) and, for an fcntl lock, the file
// position moves into the kernel fd (a SEEK_CUR lock is relative to it).
void share_before_locking(int fd) {
    if (FilePin f = boosted(fd)) share_with_kernel(fd, *f);
}

// fcntl and fcntl64 share this: the booster follows F_DUPFD*, F_SETFD and the F_SETFL changes
// it cannot serve; every command reaches the kernel with its argument untouched.
template <class Real>
int fcntl_hook(Real real, Call call, int fd, int cmd, void* arg) {
    if (inside_booster() || !tracking()) {
        stats::count(call, false);
        return real(fd, cmd, arg);
    }
    if (is_lock_command(cmd)) share_before_locking(fd);
    if (cmd == F_SETFL) {
        const int changed = static_cast<int>(reinterpret_cast<intptr_t>(arg));
        if (FilePin f = boosted(fd); f && ((changed ^ f->flags) & (O_APPEND | O_DIRECT)) != 0) hand_to_kernel(fd, *f);
    }
    stats::count(call, false);
    const int r = real(fd, cmd, arg);
    if (r < 0) return r;
    ErrnoKeeper keep;
    if (takes_lock(cmd, arg))
        if (FilePin f = boosted(fd)) forget_cached_after_lock(*f);
    switch (cmd) {
        case F_DUPFD: record_dup(fd, r, false); break;
        case F_DUPFD_CLOEXEC: record_dup(fd, r, true); break;
        case F_SETFD:
            runtime().files.set_cloexec(fd, (static_cast<int>(reinterpret_cast<intptr_t>(arg)) & FD_CLOEXEC) != 0);
            break;
        default: break;
    }
    return r;
}

}  // namespace

extern "C" {

int fcntl(int fd, int cmd, ...) {
    va_list ap;
    va_start(ap, cmd);
    void* arg = va_arg(ap, void*);
    va_end(ap);
    return fcntl_hook(BOOSTER_REAL(fcntl), Call::fcntl, fd, cmd, arg);
}

int fcntl64(int fd, int cmd, ...) {
    va_list ap;
    va_start(ap, cmd);
    void* arg = va_arg(ap, void*);
    va_end(ap);
    return fcntl_hook(BOOSTER_REAL(fcntl64), Call::fcntl64, fd, cmd, arg);
}

// A flock lock has no range: the writes are published as for an fcntl lock, but the position
// stays in the booster, so the reads and writes that follow pay no lseek.
int flock(int fd, int operation) {
    FilePin f = boosted(fd);
    if (f) publish_writes(fd, *f);
    stats::count(Call::flock, false);
    const int r = BOOSTER_REAL(flock)(fd, operation);
    if (f && r == 0 && (operation & (LOCK_SH | LOCK_EX)) != 0) {
        ErrnoKeeper keep;
        forget_cached_after_lock(*f);
    }
    return r;
}

}  // extern "C"
