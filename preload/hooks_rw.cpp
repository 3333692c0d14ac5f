// read and write in all their forms: served by the engine for boosted fds.
#include <fcntl.h>
#include <sys/uio.h>

#include "preload/file_ops.hpp"
#include "preload/hook_util.hpp"

using namespace booster::preload;

namespace {

// preadv2/pwritev2 flags the engine honours: none but "use the file position" (offset -1),
// and RWF_DSYNC/RWF_SYNC on writes (an fsync after the write). Anything else (RWF_NOWAIT,
// RWF_APPEND, RWF_HIPRI) is left to the kernel.
constexpr int kEngineWriteFlags = RWF_DSYNC | RWF_SYNC;

ssize_t write_then_sync(OpenFile& f, ssize_t n, int flags) {
    if (n >= 0 && (flags & kEngineWriteFlags) != 0 && sync_file(f, (flags & RWF_SYNC) == 0) != 0) return -1;
    return n;
}

}  // namespace

extern "C" {

ssize_t read(int fd, void* buf, size_t count) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(read);
        const iovec iov{buf, count};
        return read_at_position(fd, *f, &iov, 1);
    }
    return BOOSTER_KERNEL(read, fd, buf, count);
}

ssize_t __read_chk(int fd, void* buf, size_t count, size_t buflen) {
    if (count <= buflen) {
        if (FileRef f = boosted(fd)) {
            BOOSTER_COUNT_BOOSTED(__read_chk);
            const iovec iov{buf, count};
            return read_at_position(fd, *f, &iov, 1);
        }
    }
    return BOOSTER_KERNEL(__read_chk, fd, buf, count, buflen);
}

ssize_t pread(int fd, void* buf, size_t count, off_t offset) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(pread);
        const iovec iov{buf, count};
        return offset < 0 ? (errno = EINVAL, -1) : read_at(*f, &iov, 1, offset);
    }
    return BOOSTER_KERNEL(pread, fd, buf, count, offset);
}

ssize_t pread64(int fd, void* buf, size_t count, off64_t offset) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(pread64);
        const iovec iov{buf, count};
        return offset < 0 ? (errno = EINVAL, -1) : read_at(*f, &iov, 1, offset);
    }
    return BOOSTER_KERNEL(pread64, fd, buf, count, offset);
}

ssize_t __pread_chk(int fd, void* buf, size_t count, off_t offset, size_t buflen) {
    if (count <= buflen && offset >= 0) {
        if (FileRef f = boosted(fd)) {
            BOOSTER_COUNT_BOOSTED(__pread_chk);
            const iovec iov{buf, count};
            return read_at(*f, &iov, 1, offset);
        }
    }
    return BOOSTER_KERNEL(__pread_chk, fd, buf, count, offset, buflen);
}

ssize_t __pread64_chk(int fd, void* buf, size_t count, off64_t offset, size_t buflen) {
    if (count <= buflen && offset >= 0) {
        if (FileRef f = boosted(fd)) {
            BOOSTER_COUNT_BOOSTED(__pread64_chk);
            const iovec iov{buf, count};
            return read_at(*f, &iov, 1, offset);
        }
    }
    return BOOSTER_KERNEL(__pread64_chk, fd, buf, count, offset, buflen);
}

ssize_t readv(int fd, const struct iovec* iov, int iovcnt) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(readv);
        if (iovcnt < 0 || iovcnt > IOV_MAX) return errno = EINVAL, -1;
        return read_at_position(fd, *f, iov, iovcnt);
    }
    return BOOSTER_KERNEL(readv, fd, iov, iovcnt);
}

ssize_t preadv(int fd, const struct iovec* iov, int iovcnt, off_t offset) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(preadv);
        if (iovcnt < 0 || iovcnt > IOV_MAX || offset < 0) return errno = EINVAL, -1;
        return read_at(*f, iov, iovcnt, offset);
    }
    return BOOSTER_KERNEL(preadv, fd, iov, iovcnt, offset);
}

ssize_t preadv64(int fd, const struct iovec* iov, int iovcnt, off64_t offset) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(preadv64);
        if (iovcnt < 0 || iovcnt > IOV_MAX || offset < 0) return errno = EINVAL, -1;
        return read_at(*f, iov, iovcnt, offset);
    }
    return BOOSTER_KERNEL(preadv64, fd, iov, iovcnt, offset);
}

ssize_t preadv2(int fd, const struct iovec* iov, int iovcnt, off_t offset, int flags) {
    if (flags == 0) {
        if (FileRef f = boosted(fd)) {
            BOOSTER_COUNT_BOOSTED(preadv2);
            if (iovcnt < 0 || iovcnt > IOV_MAX || offset < -1) return errno = EINVAL, -1;
            return offset == -1 ? read_at_position(fd, *f, iov, iovcnt) : read_at(*f, iov, iovcnt, offset);
        }
    } else if (FileRef f = boosted(fd)) {
        share_with_kernel(fd, *f);
    }
    return BOOSTER_KERNEL(preadv2, fd, iov, iovcnt, offset, flags);
}

ssize_t preadv64v2(int fd, const struct iovec* iov, int iovcnt, off64_t offset, int flags) {
    if (flags == 0) {
        if (FileRef f = boosted(fd)) {
            BOOSTER_COUNT_BOOSTED(preadv64v2);
            if (iovcnt < 0 || iovcnt > IOV_MAX || offset < -1) return errno = EINVAL, -1;
            return offset == -1 ? read_at_position(fd, *f, iov, iovcnt) : read_at(*f, iov, iovcnt, offset);
        }
    } else if (FileRef f = boosted(fd)) {
        share_with_kernel(fd, *f);
    }
    return BOOSTER_KERNEL(preadv64v2, fd, iov, iovcnt, offset, flags);
}

ssize_t write(int fd, const void* buf, size_t count) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(write);
        const iovec iov{const_cast<void*>(buf), count};
        return write_at_position(fd, *f, &iov, 1);
    }
    return BOOSTER_KERNEL(write, fd, buf, count);
}

ssize_t pwrite(int fd, const void* buf, size_t count, off_t offset) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(pwrite);
        const iovec iov{const_cast<void*>(buf), count};
        return offset < 0 ? (errno = EINVAL, -1) : write_at(*f, &iov, 1, offset);
    }
    return BOOSTER_KERNEL(pwrite, fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void* buf, size_t count, off64_t offset) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(pwrite64);
        const iovec iov{const_cast<void*>(buf), count};
        return offset < 0 ? (errno = EINVAL, -1) : write_at(*f, &iov, 1, offset);
    }
    return BOOSTER_KERNEL(pwrite64, fd, buf, count, offset);
}

ssize_t writev(int fd, const struct iovec* iov, int iovcnt) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(writev);
        if (iovcnt < 0 || iovcnt > IOV_MAX) return errno = EINVAL, -1;
        return write_at_position(fd, *f, iov, iovcnt);
    }
    return BOOSTER_KERNEL(writev, fd, iov, iovcnt);
}

ssize_t pwritev(int fd, const struct iovec* iov, int iovcnt, off_t offset) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(pwritev);
        if (iovcnt < 0 || iovcnt > IOV_MAX || offset < 0) return errno = EINVAL, -1;
        return write_at(*f, iov, iovcnt, offset);
    }
    return BOOSTER_KERNEL(pwritev, fd, iov, iovcnt, offset);
}

ssize_t pwritev64(int fd, const struct iovec* iov, int iovcnt, off64_t offset) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(pwritev64);
        if (iovcnt < 0 || iovcnt > IOV_MAX || offset < 0) return errno = EINVAL, -1;
        return write_at(*f, iov, iovcnt, offset);
    }
    return BOOSTER_KERNEL(pwritev64, fd, iov, iovcnt, offset);
}

ssize_t pwritev2(int fd, const struct iovec* iov, int iovcnt, off_t offset, int flags) {
    if ((flags & ~kEngineWriteFlags) == 0) {
        if (FileRef f = boosted(fd)) {
            BOOSTER_COUNT_BOOSTED(pwritev2);
            if (iovcnt < 0 || iovcnt > IOV_MAX || offset < -1) return errno = EINVAL, -1;
            const ssize_t n = offset == -1 ? write_at_position(fd, *f, iov, iovcnt) : write_at(*f, iov, iovcnt, offset);
            return write_then_sync(*f, n, flags);
        }
    } else if (FileRef f = boosted(fd)) {
        share_with_kernel(fd, *f);
    }
    return BOOSTER_KERNEL(pwritev2, fd, iov, iovcnt, offset, flags);
}

ssize_t pwritev64v2(int fd, const struct iovec* iov, int iovcnt, off64_t offset, int flags) {
    if ((flags & ~kEngineWriteFlags) == 0) {
        if (FileRef f = boosted(fd)) {
            BOOSTER_COUNT_BOOSTED(pwritev64v2);
            if (iovcnt < 0 || iovcnt > IOV_MAX || offset < -1) return errno = EINVAL, -1;
            const ssize_t n = offset == -1 ? write_at_position(fd, *f, iov, iovcnt) : write_at(*f, iov, iovcnt, offset);
            return write_then_sync(*f, n, flags);
        }
    } else if (FileRef f = boosted(fd)) {
        share_with_kernel(fd, *f);
    }
    return BOOSTER_KERNEL(pwritev64v2, fd, iov, iovcnt, offset, flags);
}

off_t lseek(int fd, off_t offset, int whence) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(lseek);
        return seek(fd, *f, offset, whence);
    }
    return BOOSTER_KERNEL(lseek, fd, offset, whence);
}

off64_t lseek64(int fd, off64_t offset, int whence) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(lseek64);
        return seek(fd, *f, offset, whence);
    }
    return BOOSTER_KERNEL(lseek64, fd, offset, whence);
}

}  // extern "C"
