// Calls the booster hands to the kernel, after making the kernel's view of the file current:
// mmap (a writable shared mapping takes the file away from the booster for good, since
// stores into it reach the bricks only through FUSE), sendfile and copy_file_range (which use
// and move the kernel's file position when given no offset).
#include <sys/mman.h>
#include <sys/sendfile.h>

#include "preload/file_ops.hpp"
#include "preload/hook_util.hpp"

using namespace booster::preload;

namespace {

void prepare_map(int fd, int prot, int flags) {
    if (FileRef f = boosted(fd)) {
        if ((flags & MAP_SHARED) != 0 && (prot & PROT_WRITE) != 0) hand_to_kernel(fd, *f);
        else share_with_kernel(fd, *f);
    }
}

void prepare_kernel_io(int fd) {
    if (FileRef f = boosted(fd)) share_with_kernel(fd, *f);
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
    prepare_kernel_io(in_fd);
    prepare_kernel_io(out_fd);
    return BOOSTER_KERNEL(sendfile, out_fd, in_fd, offset, count);
}

ssize_t sendfile64(int out_fd, int in_fd, off64_t* offset, size_t count) {
    prepare_kernel_io(in_fd);
    prepare_kernel_io(out_fd);
    return BOOSTER_KERNEL(sendfile64, out_fd, in_fd, offset, count);
}

ssize_t copy_file_range(int fd_in, off64_t* off_in, int fd_out, off64_t* off_out, size_t len, unsigned int flags) {
    prepare_kernel_io(fd_in);
    prepare_kernel_io(fd_out);
    return BOOSTER_KERNEL(copy_file_range, fd_in, off_in, fd_out, off_out, len, flags);
}

}  // extern "C"
