// mmap, sendfile and copy_file_range on boosted fds.
//
// mmap goes to the kernel after the kernel's view of the file is made current; a writable
// shared mapping takes the file away from the booster for good (stores into it reach the
// bricks only through FUSE). copy_file_range between two boosted fds of one volume is done by
// the bricks; between a boosted fd and any other it answers EXDEV, the documented answer for
// a copy across file systems, on which every caller (cp, cat) falls back to read and write,
// which the booster serves. sendfile from a boosted fd is emulated with read and write.
#include <sys/mman.h>
#include <sys/sendfile.h>

#include <memory>

#include "preload/file_ops.hpp"
#include "preload/hook_util.hpp"

using namespace booster::preload;

namespace {

void prepare_map(int fd, int prot, int flags) {
    if (FilePin f = boosted(fd)) {
        if ((flags & MAP_SHARED) != 0 && (prot & PROT_WRITE) != 0) hand_to_kernel(fd, *f);
        else share_with_kernel(fd, *f);
    }
}

constexpr std::size_t kSendfileChunk = 1 << 20;

// sendfile(2) from a boosted `in`: at most `count` bytes read through the engine and written
// to `out` with write(2) (boosted too when `out` is).
template <class Off>
ssize_t emulate_sendfile(int out_fd, int in_fd, OpenFile& in, Off* offset, size_t count) {
    auto buf = std::unique_ptr<char[]>(new (std::nothrow) char[kSendfileChunk]);
    if (!buf) return errno = ENOMEM, -1;
    size_t done = 0;
    while (done < count) {
        const iovec iov{buf.get(), std::min(kSendfileChunk, count - done)};
        const ssize_t got = offset != nullptr ? read_at(in, &iov, 1, static_cast<off_t>(*offset) + static_cast<off_t>(done))
                                              : read_at_position(in_fd, in, &iov, 1);
        if (got <= 0) {
            if (got < 0 && done == 0) return -1;
            break;
        }
        for (ssize_t put = 0; put < got;) {
            const ssize_t w = write(out_fd, buf.get() + put, static_cast<size_t>(got - put));
            if (w < 0) {
                if (done == 0 && put == 0) return -1;
                if (offset != nullptr) *offset += static_cast<Off>(done + static_cast<size_t>(put));
                return static_cast<ssize_t>(done) + put;
            }
            put += w;
        }
        done += static_cast<size_t>(got);
        if (static_cast<size_t>(got) < iov.iov_len) break;
    }
    if (offset != nullptr) *offset += static_cast<Off>(done);
    return static_cast<ssize_t>(done);
}

}  // namespace

extern "C" {

void* mmap(void* addr, size_t len, int prot, int flags, int fd, off_t offset) {
    if (fd >= 0 && (flags & MAP_ANONYMOUS) == 0) prepare_map(fd, prot, flags);
    return BOOSTER_KERNEL(mmap, addr, len, prot, flags, fd, offset);
}

void* mmap64(void* addr, size_t len, int prot, int flags, int fd, off64_t offset) {
    if (fd >= 0 && (flags & MAP_ANONYMOUS) == 0) prepare_map(fd, prot, flags);
    return BOOSTER_KERNEL(mmap64, addr, len, prot, flags, fd, offset);
}

ssize_t sendfile(int out_fd, int in_fd, off_t* offset, size_t count) {
    if (FilePin in = boosted(in_fd)) {
        BOOSTER_COUNT_BOOSTED(sendfile);
        return emulate_sendfile(out_fd, in_fd, *in, offset, count);
    }
    if (FilePin out = boosted(out_fd)) share_with_kernel(out_fd, *out);
    return BOOSTER_KERNEL(sendfile, out_fd, in_fd, offset, count);
}

ssize_t sendfile64(int out_fd, int in_fd, off64_t* offset, size_t count) {
    if (FilePin in = boosted(in_fd)) {
        BOOSTER_COUNT_BOOSTED(sendfile64);
        return emulate_sendfile(out_fd, in_fd, *in, offset, count);
    }
    if (FilePin out = boosted(out_fd)) share_with_kernel(out_fd, *out);
    return BOOSTER_KERNEL(sendfile64, out_fd, in_fd, offset, count);
}

ssize_t copy_file_range(int fd_in, off64_t* off_in, int fd_out, off64_t* off_out, size_t len, unsigned int flags) {
    FilePin in = boosted(fd_in);
    FilePin out = boosted(fd_out);
    if (in || out) {
        BOOSTER_COUNT_BOOSTED(copy_file_range);
        if (flags != 0) return errno = EINVAL, -1;
        if (!in || !out) return errno = EXDEV, -1;
        return copy_range(fd_in, *in, off_in, fd_out, *out, off_out, len);
    }
    return BOOSTER_KERNEL(copy_file_range, fd_in, off_in, fd_out, off_out, len, flags);
}

}  // extern "C"
