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

}  // namespace

extern "C" {

int fstat(int fd, struct stat* st) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(fstat);
        return stat_file(*f, st);
    }
    return BOOSTER_KERNEL(fstat, fd, st);
}

int fstat64(int fd, struct stat64* st) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(fstat64);
        return stat_file(*f, reinterpret_cast<struct stat*>(st));
    }
    return BOOSTER_KERNEL(fstat64, fd, st);
}

int __fxstat(int ver, int fd, struct stat* st) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(__fxstat);
        return stat_file(*f, st);
    }
    return BOOSTER_KERNEL(__fxstat, ver, fd, st);
}

int __fxstat64(int ver, int fd, struct stat64* st) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(__fxstat64);
        return stat_file(*f, reinterpret_cast<struct stat*>(st));
    }
    return BOOSTER_KERNEL(__fxstat64, ver, fd, st);
}

int fstatat(int dirfd, const char* path, struct stat* st, int flags) {
    if (is_empty_path_fd(path, flags)) {
        if (FileRef f = boosted(dirfd)) {
            BOOSTER_COUNT_BOOSTED(fstatat);
            return stat_file(*f, st);
        }
    }
    return BOOSTER_KERNEL(fstatat, dirfd, path, st, flags);
}

int fstatat64(int dirfd, const char* path, struct stat64* st, int flags) {
    if (is_empty_path_fd(path, flags)) {
        if (FileRef f = boosted(dirfd)) {
            BOOSTER_COUNT_BOOSTED(fstatat64);
            return stat_file(*f, reinterpret_cast<struct stat*>(st));
        }
    }
    return BOOSTER_KERNEL(fstatat64, dirfd, path, st, flags);
}

int __fxstatat(int ver, int dirfd, const char* path, struct stat* st, int flags) {
    if (is_empty_path_fd(path, flags)) {
        if (FileRef f = boosted(dirfd)) {
            BOOSTER_COUNT_BOOSTED(__fxstatat);
            return stat_file(*f, st);
        }
    }
    return BOOSTER_KERNEL(__fxstatat, ver, dirfd, path, st, flags);
}

int __fxstatat64(int ver, int dirfd, const char* path, struct stat64* st, int flags) {
    if (is_empty_path_fd(path, flags)) {
        if (FileRef f = boosted(dirfd)) {
            BOOSTER_COUNT_BOOSTED(__fxstatat64);
            return stat_file(*f, reinterpret_cast<struct stat*>(st));
        }
    }
    return BOOSTER_KERNEL(__fxstatat64, ver, dirfd, path, st, flags);
}

int statx(int dirfd, const char* path, int flags, unsigned int mask, struct statx* stx) {
    if (is_empty_path_fd(path, flags)) {
        if (FileRef f = boosted(dirfd)) {
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
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(ftruncate);
        return truncate_file(*f, length);
    }
    return BOOSTER_KERNEL(ftruncate, fd, length);
}

int ftruncate64(int fd, off64_t length) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(ftruncate64);
        return truncate_file(*f, length);
    }
    return BOOSTER_KERNEL(ftruncate64, fd, length);
}

int fsync(int fd) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(fsync);
        return sync_file(*f, false);
    }
    return BOOSTER_KERNEL(fsync, fd);
}

int fdatasync(int fd) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(fdatasync);
        return sync_file(*f, true);
    }
    return BOOSTER_KERNEL(fdatasync, fd);
}

int fallocate(int fd, int mode, off_t offset, off_t len) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(fallocate);
        return to_errno_result(allocate(*f, mode, offset, len));
    }
    return BOOSTER_KERNEL(fallocate, fd, mode, offset, len);
}

int fallocate64(int fd, int mode, off64_t offset, off64_t len) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(fallocate64);
        return to_errno_result(allocate(*f, mode, offset, len));
    }
    return BOOSTER_KERNEL(fallocate64, fd, mode, offset, len);
}

int posix_fallocate(int fd, off_t offset, off_t len) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(posix_fallocate);
        if (offset < 0 || len <= 0) return EINVAL;
        return allocate(*f, 0, offset, len);
    }
    return BOOSTER_KERNEL(posix_fallocate, fd, offset, len);
}

int posix_fallocate64(int fd, off64_t offset, off64_t len) {
    if (FileRef f = boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(posix_fallocate64);
        if (offset < 0 || len <= 0) return EINVAL;
        return allocate(*f, 0, offset, len);
    }
    return BOOSTER_KERNEL(posix_fallocate64, fd, offset, len);
}

}  // extern "C"
