// The open family: the kernel opens (through FUSE), then the booster adopts the fd if it is a
// regular file on a booster mount.
#include <cstdarg>

#include "preload/file_ops.hpp"
#include "preload/hook_util.hpp"

using namespace booster::preload;

namespace {

bool takes_mode(int flags) { return (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE; }

int finish_open(int fd, int flags, Call call, OpenedPath name) {
    if (fd >= 0) {
        ErrnoKeeper keep;
        adopt(fd, flags, Origin::kOpened, name);
        stats::count(call, tracking() && runtime().files.contains(fd));
    } else {
        stats::count(call, false);
    }
    return fd;
}

}  // namespace

#define BOOSTER_MODE_ARG(last)      \
    mode_t mode = 0;                \
    if (takes_mode(flags)) {        \
        va_list ap;                 \
        va_start(ap, last);         \
        mode = va_arg(ap, mode_t);  \
        va_end(ap);                 \
    }

extern "C" {

int open(const char* path, int flags, ...) {
    BOOSTER_MODE_ARG(flags)
    if (inside_booster()) return BOOSTER_REAL(open)(path, flags, mode);
    return finish_open(BOOSTER_REAL(open)(path, flags, mode), flags, Call::open, {AT_FDCWD, path});
}

int open64(const char* path, int flags, ...) {
    BOOSTER_MODE_ARG(flags)
    if (inside_booster()) return BOOSTER_REAL(open64)(path, flags, mode);
    return finish_open(BOOSTER_REAL(open64)(path, flags, mode), flags, Call::open64, {AT_FDCWD, path});
}

int openat(int dirfd, const char* path, int flags, ...) {
    BOOSTER_MODE_ARG(flags)
    if (inside_booster()) return BOOSTER_REAL(openat)(dirfd, path, flags, mode);
    return finish_open(BOOSTER_REAL(openat)(dirfd, path, flags, mode), flags, Call::openat, {dirfd, path});
}

int openat64(int dirfd, const char* path, int flags, ...) {
    BOOSTER_MODE_ARG(flags)
    if (inside_booster()) return BOOSTER_REAL(openat64)(dirfd, path, flags, mode);
    return finish_open(BOOSTER_REAL(openat64)(dirfd, path, flags, mode), flags, Call::openat64, {dirfd, path});
}

int creat(const char* path, mode_t mode) {
    const int flags = O_CREAT | O_WRONLY | O_TRUNC;
    if (inside_booster()) return BOOSTER_REAL(creat)(path, mode);
    return finish_open(BOOSTER_REAL(creat)(path, mode), flags, Call::creat, {AT_FDCWD, path});
}

int creat64(const char* path, mode_t mode) {
    const int flags = O_CREAT | O_WRONLY | O_TRUNC;
    if (inside_booster()) return BOOSTER_REAL(creat64)(path, mode);
    return finish_open(BOOSTER_REAL(creat64)(path, mode), flags, Call::creat64, {AT_FDCWD, path});
}

int __open_2(const char* path, int flags) {
    if (inside_booster()) return BOOSTER_REAL(__open_2)(path, flags);
    return finish_open(BOOSTER_REAL(__open_2)(path, flags), flags, Call::__open_2, {AT_FDCWD, path});
}

int __open64_2(const char* path, int flags) {
    if (inside_booster()) return BOOSTER_REAL(__open64_2)(path, flags);
    return finish_open(BOOSTER_REAL(__open64_2)(path, flags), flags, Call::__open64_2, {AT_FDCWD, path});
}

int __openat_2(int dirfd, const char* path, int flags) {
    if (inside_booster()) return BOOSTER_REAL(__openat_2)(dirfd, path, flags);
    return finish_open(BOOSTER_REAL(__openat_2)(dirfd, path, flags), flags, Call::__openat_2, {dirfd, path});
}

int __openat64_2(int dirfd, const char* path, int flags) {
    if (inside_booster()) return BOOSTER_REAL(__openat64_2)(dirfd, path, flags);
    return finish_open(BOOSTER_REAL(__openat64_2)(dirfd, path, flags), flags, Call::__openat64_2, {dirfd, path});
}

}  // extern "C"
