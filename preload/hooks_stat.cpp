// Attributes and data management of boosted fds: fstat and its many glibc names, the
// empty-path forms of fstatat and statx, truncate, sync and allocate.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cstring>

#include "preload/file_ops.hpp"
#include "preload/hook_util.hpp"

using namespace booster::preload;

namespace {

// x86-64 and aarch64: struct stat and struct stat64 are the same layout.
static_assert(sizeof(struct stat) == sizeof(struct stat64));

bool is_empty_path_fd(const char* path, int flags) {
    return (flags & AT_EMPTY_PATH) != 0 && path != nullptr && path[0] == '\0';
}

void fill_statx(const struct stat& st, struct statx* stx) {
    std::memset(stx, 0, sizeof *stx);
    stx->stx_mask = STATX_BASIC_STATS;
    stx->stx_blksize = static_cast<__u32>(st.st_blksize);
    stx->stx_nlink = static_cast<__u32>(st.st_nlink);
    stx->stx_uid = st.st_uid;
    stx->stx_gid = st.st_gid;
    stx->stx_mode = static_cast<__u16>(st.st_mode);
    stx->stx_ino = st.st_ino;
    stx->stx_size = static_cast<__u64>(st.st_size);
    stx->stx_blocks = static_cast<__u64>(st.st_blocks);
    stx->stx_atime = {st.st_atim.tv_sec, static_cast<__u32>(st.st_atim.tv_nsec), 0};
    stx->stx_mtime = {st.st_mtim.tv_sec, static_cast<__u32>(st.st_mtim.tv_nsec), 0};
    stx->stx_ctime = {st.st_ctim.tv_sec, static_cast<__u32>(st.st_ctim.tv_nsec), 0};
    stx->stx_rdev_major = major(st.st_rdev);
    stx->stx_rdev_minor = minor(st.st_rdev);
    stx->stx_dev_major = major(st.st_dev);
    stx->stx_dev_minor = minor(st.st_dev);
}

int to_errno_result(int err) {
    if (err == 0) return 0;
    errno = err;
    return -1;
}

template <class Stat, class Kernel>
int stat_fd(Call call, int fd, Stat* st, Kernel kernel) {
    if (FilePin f = boosted(fd)) {
        stats::count(call, true);
        return stat_file(*f, reinterpret_cast<struct stat*>(st));
    }
    return kernel();
}

// The fstatat family: only fstat's spelling (an empty path with AT_EMPTY_PATH) is the fd's.
template <class Stat, class Kernel>
int stat_at(Call call, int dirfd, const char* path, int flags, Stat* st, Kernel kernel) {
    return is_empty_path_fd(path, flags) ? stat_fd(call, dirfd, st, kernel) : kernel();
}

template <class Kernel>
int truncate_fd(Call call, int fd, off_t length, Kernel kernel) {
    if (FilePin f = boosted(fd)) {
        stats::count(call, true);
        return truncate_file(*f, length);
    }
    return kernel();
}

// Returns an errno value (posix_fallocate) or 0; `kernel` likewise.
template <class Kernel>
int allocate_fd(Call call, int fd, int mode, off_t offset, off_t length, Kernel kernel) {
    if (FilePin f = boosted(fd)) {
        stats::count(call, true);
        return offset < 0 || length <= 0 ? EINVAL : allocate(*f, mode, offset, length);
    }
    return kernel();
}

template <class Kernel>
int sync_fd(Call call, int fd, bool datasync, Kernel kernel) {
    if (FilePin f = boosted(fd)) {
        stats::count(call, true);
        return sync_file(*f, datasync);
    }
    return kernel();
}

}  // namespace

extern "C" {

int fstat(int fd, struct stat* st) {
    return stat_fd(Call::fstat, fd, st, [&] { return BOOSTER_KERNEL(fstat, fd, st); });
}

int fstat64(int fd, struct stat64* st) {
    return stat_fd(Call::fstat64, fd, st, [&] { return BOOSTER_KERNEL(fstat64, fd, st); });
}

int __fxstat(int ver, int fd, struct stat* st) {
    return stat_fd(Call::__fxstat, fd, st, [&] { return BOOSTER_KERNEL(__fxstat, ver, fd, st); });
}

int __fxstat64(int ver, int fd, struct stat64* st) {
    return stat_fd(Call::__fxstat64, fd, st, [&] { return BOOSTER_KERNEL(__fxstat64, ver, fd, st); });
}

int fstatat(int dirfd, const char* path, struct stat* st, int flags) {
    return stat_at(Call::fstatat, dirfd, path, flags, st,
                   [&] { return BOOSTER_KERNEL(fstatat, dirfd, path, st, flags); });
}

int fstatat64(int dirfd, const char* path, struct stat64* st, int flags) {
    return stat_at(Call::fstatat64, dirfd, path, flags, st,
                   [&] { return BOOSTER_KERNEL(fstatat64, dirfd, path, st, flags); });
}

int __fxstatat(int ver, int dirfd, const char* path, struct stat* st, int flags) {
    return stat_at(Call::__fxstatat, dirfd, path, flags, st,
                   [&] { return BOOSTER_KERNEL(__fxstatat, ver, dirfd, path, st, flags); });
}

int __fxstatat64(int ver, int dirfd, const char* path, struct stat64* st, int flags) {
    return stat_at(Call::__fxstatat64, dirfd, path, flags, st,
                   [&] { return BOOSTER_KERNEL(__fxstatat64, ver, dirfd, path, st, flags); });
}

int statx(int dirfd, const char* path, int flags, unsigned int mask, struct statx* stx) {
    if (is_empty_path_fd(path, flags)) {
        if (FilePin f = boosted(dirfd)) {
            BOOSTER_COUNT_BOOSTED(statx);
            struct stat st {};
            if (stat_file(*f, &st) != 0) return -1;
            fill_statx(st, stx);
            return 0;
        }
    }
    return BOOSTER_KERNEL(statx, dirfd, path, flags, mask, stx);
}

int ftruncate(int fd, off_t length) {
    return truncate_fd(Call::ftruncate, fd, length, [&] { return BOOSTER_KERNEL(ftruncate, fd, length); });
}

int ftruncate64(int fd, off64_t length) {
    return truncate_fd(Call::ftruncate64, fd, length, [&] { return BOOSTER_KERNEL(ftruncate64, fd, length); });
}

int fsync(int fd) { return sync_fd(Call::fsync, fd, false, [&] { return BOOSTER_KERNEL(fsync, fd); }); }

int fdatasync(int fd) { return sync_fd(Call::fdatasync, fd, true, [&] { return BOOSTER_KERNEL(fdatasync, fd); }); }

int fallocate(int fd, int mode, off_t offset, off_t len) {
    // fallocate(2) reports errors through errno; the shared helper speaks posix_fallocate's way.
    auto kernel = [&] { return BOOSTER_KERNEL(fallocate, fd, mode, offset, len) == 0 ? 0 : errno; };
    return to_errno_result(allocate_fd(Call::fallocate, fd, mode, offset, len, kernel));
}

int fallocate64(int fd, int mode, off64_t offset, off64_t len) {
    auto kernel = [&] { return BOOSTER_KERNEL(fallocate64, fd, mode, offset, len) == 0 ? 0 : errno; };
    return to_errno_result(allocate_fd(Call::fallocate64, fd, mode, offset, len, kernel));
}

int posix_fallocate(int fd, off_t offset, off_t len) {
    return allocate_fd(Call::posix_fallocate, fd, 0, offset, len,
                       [&] { return BOOSTER_KERNEL(posix_fallocate, fd, offset, len); });
}

int posix_fallocate64(int fd, off64_t offset, off64_t len) {
    return allocate_fd(Call::posix_fallocate64, fd, 0, offset, len,
                       [&] { return BOOSTER_KERNEL(posix_fallocate64, fd, offset, len); });
}

}  // extern "C"
