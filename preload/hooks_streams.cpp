// fopen, fdopen and fclose: streams on booster files are boosted streams (boosted_stream.hpp).
#include <fcntl.h>

#include "preload/boosted_stream.hpp"
#include "preload/file_ops.hpp"
#include "preload/hook_util.hpp"

using namespace booster::preload;

namespace {

// libc opened `fp` itself (by `name`), through FUSE. If its file is a booster file, hand back a boosted
// stream over a duplicate of the same open file description instead; otherwise keep `fp`,
// making sure it sees whatever the engine wrote to the file.
FILE* boost_stream(FILE* fp, const char* mode, Call call, OpenedPath name) {
    if (fp == nullptr || inside_booster() || !active()) {
        stats::count(call, false);
        return fp;
    }
    ErrnoKeeper keep;
    const int fd = fileno(fp);
    const int flags = open_flags_of_mode(mode);
    if (flags >= 0) adopt(fd, flags, Origin::kOpened, name);
    FileTable& files = runtime().files;
    FileRef f = files.lookup(fd);
    if (!f) {
        stats::count(call, false);
        refresh_kernel_view(fd);
        return fp;
    }
    const int dup_fd = BOOSTER_REAL(fcntl)(fd, (flags & O_CLOEXEC) != 0 ? F_DUPFD_CLOEXEC : F_DUPFD, 0);
    FILE* stream = dup_fd >= 0 ? boosted_stream(dup_fd, mode) : nullptr;
    // Either way `fd` leaves the table: `fp` reads through libc, never through us.
    (void)files.remove_if(fd, f);
    if (stream == nullptr) {
        if (dup_fd >= 0) BOOSTER_REAL(close)(dup_fd);
        stats::count(call, false);
        return fp;
    }
    files.install(dup_fd, f, (flags & O_CLOEXEC) != 0);
    BOOSTER_REAL(fclose)(fp);
    stats::count(call, true);
    return stream;
}

}  // namespace

extern "C" {

FILE* fopen(const char* path, const char* mode) { return boost_stream(BOOSTER_REAL(fopen)(path, mode), mode, Call::fopen, {AT_FDCWD, path}); }

FILE* fopen64(const char* path, const char* mode) {
    return boost_stream(BOOSTER_REAL(fopen64)(path, mode), mode, Call::fopen64, {AT_FDCWD, path});
}

FILE* fdopen(int fd, const char* mode) {
    if (boosted(fd)) {
        BOOSTER_COUNT_BOOSTED(fdopen);
        return boosted_stream(fd, mode);
    }
    return BOOSTER_KERNEL(fdopen, fd, mode);
}

// libc closes a stream's fd itself, past our close hook. So: push the stream's buffer out
// first (through our write hook for a boosted stream, through FUSE for any other), then do the
// engine side of close (flush, and make the data visible to other clients) while the fd still
// names the file, and only then let libc close it.
int fclose(FILE* stream) {
    if (inside_booster() || !tracking() || stream == nullptr) return BOOSTER_KERNEL(fclose, stream);
    const int fd = fileno(stream);
    FileRef before = runtime().files.lookup(fd);
    stats::count(Call::fclose, static_cast<bool>(before));
    int engine = 0;
    if (before) {
        const int flushed = fflush(stream);
        if (runtime().files.remove_if(fd, before) && !before->kernel_only.load(std::memory_order_relaxed))
            engine = close_file(fd, *before);
        if (flushed != 0) engine = -1;
    }
    const int saved = errno;
    const int r = BOOSTER_REAL(fclose)(stream);
    if (engine != 0 && r == 0) {
        errno = saved;
        return EOF;
    }
    return r;
}

}  // extern "C"
