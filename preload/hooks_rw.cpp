// read and write in all their forms: served by the engine for boosted fds. Every hook is one
// of four shapes (at the file position or at an offset, read or write); the shapes are the
// templates below, and each hook names its shape, its counter and its kernel call.
#include <fcntl.h>
#include <sys/uio.h>

#include "preload/file_ops.hpp"
#include "preload/hook_util.hpp"

using namespace booster::preload;

namespace {

// preadv2/pwritev2 flags the engine honours: RWF_DSYNC/RWF_SYNC on writes (an fsync after the
// write). Anything else (RWF_NOWAIT, RWF_APPEND, RWF_HIPRI) goes to the kernel, after the
// kernel's view of the file is made current.
constexpr int kEngineWriteFlags = RWF_DSYNC | RWF_SYNC;

bool bad_vector(int iovcnt) { return iovcnt < 0 || iovcnt > IOV_MAX; }

template <class Kernel>
ssize_t read_here(Call call, int fd, const iovec* iov, int iovcnt, Kernel kernel) {
    if (FilePin f = boosted(fd)) {
        stats::count(call, true);
        return bad_vector(iovcnt) ? (errno = EINVAL, -1) : read_at_position(fd, *f, iov, iovcnt);
    }
    return kernel();
}

template <class Kernel>
ssize_t read_there(Call call, int fd, const iovec* iov, int iovcnt, off_t offset, Kernel kernel) {
    if (FilePin f = boosted(fd)) {
        stats::count(call, true);
        return bad_vector(iovcnt) || offset < 0 ? (errno = EINVAL, -1) : read_at(*f, iov, iovcnt, offset);
    }
    return kernel();
}

template <class Kernel>
ssize_t write_here(Call call, int fd, const iovec* iov, int iovcnt, Kernel kernel) {
    if (FilePin f = boosted(fd)) {
        stats::count(call, true);
        return bad_vector(iovcnt) ? (errno = EINVAL, -1) : write_at_position(fd, *f, iov, iovcnt);
    }
    return kernel();
}

template <class Kernel>
ssize_t write_there(Call call, int fd, const iovec* iov, int iovcnt, off_t offset, Kernel kernel) {
    if (FilePin f = boosted(fd)) {
        stats::count(call, true);
        return bad_vector(iovcnt) || offset < 0 ? (errno = EINVAL, -1) : write_at(*f, iov, iovcnt, offset);
    }
    return kernel();
}

// preadv2: offset -1 means the file position.
template <class Kernel>
ssize_t read_v2(Call call, int fd, const iovec* iov, int iovcnt, off_t offset, int flags, Kernel kernel) {
    if (flags != 0) {
        if (FilePin f = boosted(fd)) share_with_kernel(fd, *f);
        return kernel();
    }
    if (offset == -1) return read_here(call, fd, iov, iovcnt, kernel);
    return read_there(call, fd, iov, iovcnt, offset, kernel);
}

template <class Kernel>
ssize_t write_v2(Call call, int fd, const iovec* iov, int iovcnt, off_t offset, int flags, Kernel kernel) {
    FilePin f = boosted(fd);
    if (f && (flags & ~kEngineWriteFlags) != 0) {
        share_with_kernel(fd, *f);
        return kernel();
    }
    const ssize_t n = offset == -1 ? write_here(call, fd, iov, iovcnt, kernel)
                                   : write_there(call, fd, iov, iovcnt, offset, kernel);
    if (f && n >= 0 && (flags & kEngineWriteFlags) != 0 && sync_file(*f, (flags & RWF_SYNC) == 0) != 0) return -1;
    return n;
}

iovec one(void* buf, size_t count) { return iovec{buf, count}; }
iovec one(const void* buf, size_t count) { return iovec{const_cast<void*>(buf), count}; }

}  // namespace

extern "C" {

ssize_t read(int fd, void* buf, size_t count) {
    const iovec iov = one(buf, count);
    return read_here(Call::read, fd, &iov, 1, [&] { return BOOSTER_KERNEL(read, fd, buf, count); });
}

ssize_t __read_chk(int fd, void* buf, size_t count, size_t buflen) {
    const iovec iov = one(buf, count);
    auto kernel = [&] { return BOOSTER_KERNEL(__read_chk, fd, buf, count, buflen); };
    return count > buflen ? kernel() : read_here(Call::__read_chk, fd, &iov, 1, kernel);
}

ssize_t pread(int fd, void* buf, size_t count, off_t offset) {
    const iovec iov = one(buf, count);
    return read_there(Call::pread, fd, &iov, 1, offset, [&] { return BOOSTER_KERNEL(pread, fd, buf, count, offset); });
}

ssize_t pread64(int fd, void* buf, size_t count, off64_t offset) {
    const iovec iov = one(buf, count);
    return read_there(Call::pread64, fd, &iov, 1, offset,
                      [&] { return BOOSTER_KERNEL(pread64, fd, buf, count, offset); });
}

ssize_t __pread_chk(int fd, void* buf, size_t count, off_t offset, size_t buflen) {
    const iovec iov = one(buf, count);
    auto kernel = [&] { return BOOSTER_KERNEL(__pread_chk, fd, buf, count, offset, buflen); };
    return count > buflen ? kernel() : read_there(Call::__pread_chk, fd, &iov, 1, offset, kernel);
}

ssize_t __pread64_chk(int fd, void* buf, size_t count, off64_t offset, size_t buflen) {
    const iovec iov = one(buf, count);
    auto kernel = [&] { return BOOSTER_KERNEL(__pread64_chk, fd, buf, count, offset, buflen); };
    return count > buflen ? kernel() : read_there(Call::__pread64_chk, fd, &iov, 1, offset, kernel);
}

ssize_t readv(int fd, const struct iovec* iov, int iovcnt) {
    return read_here(Call::readv, fd, iov, iovcnt, [&] { return BOOSTER_KERNEL(readv, fd, iov, iovcnt); });
}

ssize_t preadv(int fd, const struct iovec* iov, int iovcnt, off_t offset) {
    return read_there(Call::preadv, fd, iov, iovcnt, offset,
                      [&] { return BOOSTER_KERNEL(preadv, fd, iov, iovcnt, offset); });
}

ssize_t preadv64(int fd, const struct iovec* iov, int iovcnt, off64_t offset) {
    return read_there(Call::preadv64, fd, iov, iovcnt, offset,
                      [&] { return BOOSTER_KERNEL(preadv64, fd, iov, iovcnt, offset); });
}

ssize_t preadv2(int fd, const struct iovec* iov, int iovcnt, off_t offset, int flags) {
    return read_v2(Call::preadv2, fd, iov, iovcnt, offset, flags,
                   [&] { return BOOSTER_KERNEL(preadv2, fd, iov, iovcnt, offset, flags); });
}

ssize_t preadv64v2(int fd, const struct iovec* iov, int iovcnt, off64_t offset, int flags) {
    return read_v2(Call::preadv64v2, fd, iov, iovcnt, offset, flags,
                   [&] { return BOOSTER_KERNEL(preadv64v2, fd, iov, iovcnt, offset, flags); });
}

ssize_t write(int fd, const void* buf, size_t count) {
    const iovec iov = one(buf, count);
    return write_here(Call::write, fd, &iov, 1, [&] { return BOOSTER_KERNEL(write, fd, buf, count); });
}

ssize_t pwrite(int fd, const void* buf, size_t count, off_t offset) {
    const iovec iov = one(buf, count);
    return write_there(Call::pwrite, fd, &iov, 1, offset,
                       [&] { return BOOSTER_KERNEL(pwrite, fd, buf, count, offset); });
}

ssize_t pwrite64(int fd, const void* buf, size_t count, off64_t offset) {
    const iovec iov = one(buf, count);
    return write_there(Call::pwrite64, fd, &iov, 1, offset,
                       [&] { return BOOSTER_KERNEL(pwrite64, fd, buf, count, offset); });
}

ssize_t writev(int fd, const struct iovec* iov, int iovcnt) {
    return write_here(Call::writev, fd, iov, iovcnt, [&] { return BOOSTER_KERNEL(writev, fd, iov, iovcnt); });
}

ssize_t pwritev(int fd, const struct iovec* iov, int iovcnt, off_t offset) {
    return write_there(Call::pwritev, fd, iov, iovcnt, offset,
                       [&] { return BOOSTER_KERNEL(pwritev, fd, iov, iovcnt, offset); });
}

ssize_t pwritev64(int fd, const struct iovec* iov, int iovcnt, off64_t offset) {
    return write_there(Call::pwritev64, fd, iov, iovcnt, offset,
                       [&] { return BOOSTER_KERNEL(pwritev64, fd, iov, iovcnt, offset); });
}

ssize_t pwritev2(int fd, const struct iovec* iov, int iovcnt, off_t offset, int flags) {
    return write_v2(Call::pwritev2, fd, iov, iovcnt, offset, flags,
                    [&] { return BOOSTER_KERNEL(pwritev2, fd, iov, iovcnt, offset, flags); });
}

ssize_t pwritev64v2(int fd, const struct iovec* iov, int iovcnt, off64_t offset, int flags) {
    return write_v2(Call::pwritev64v2, fd, iov, iovcnt, offset, flags,
                    [&] { return BOOSTER_KERNEL(pwritev64v2, fd, iov, iovcnt, offset, flags); });
}

off_t lseek(int fd, off_t offset, int whence) {
    if (FilePin f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(lseek);
        return seek(fd, *f, offset, whence);
    }
    return BOOSTER_KERNEL(lseek, fd, offset, whence);
}

off64_t lseek64(int fd, off64_t offset, int whence) {
    if (FilePin f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(lseek64);
        return seek(fd, *f, offset, whence);
    }
    return BOOSTER_KERNEL(lseek64, fd, offset, whence);
}

}  // extern "C"
