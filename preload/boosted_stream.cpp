#include "preload/boosted_stream.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <new>

namespace booster::preload {

namespace {

// The cookie is the fd itself; these call the exported hooks (read, write, lseek64, close),
// which serve boosted fds through the engine.
int fd_of(void* cookie) { return static_cast<int>(reinterpret_cast<intptr_t>(cookie)); }

ssize_t stream_read(void* cookie, char* buf, size_t size) { return ::read(fd_of(cookie), buf, size); }

ssize_t stream_write(void* cookie, const char* buf, size_t size) {
    const ssize_t n = ::write(fd_of(cookie), buf, size);
    // A cookie writer must not report an error as a short count of 0.
    return n < 0 ? -1 : n;
}

int stream_seek(void* cookie, off64_t* offset, int whence) {
    const off64_t r = ::lseek64(fd_of(cookie), *offset, whence);
    if (r < 0) return -1;
    *offset = r;
    return 0;
}

int stream_close(void* cookie) { return ::close(fd_of(cookie)); }

}  // namespace

int open_flags_of_mode(const char* mode) {
    int flags = 0;
    switch (*mode) {
        case 'r': flags = O_RDONLY; break;
        case 'w': flags = O_WRONLY | O_CREAT | O_TRUNC; break;
        case 'a': flags = O_WRONLY | O_CREAT | O_APPEND; break;
        default: return -1;
    }
    for (const char* m = mode + 1; *m != '\0' && *m != ','; ++m) {
        switch (*m) {
            case '+': flags = (flags & ~O_ACCMODE) | O_RDWR; break;
            case 'x': flags |= O_EXCL; break;
            case 'e': flags |= O_CLOEXEC; break;
            default: break;  // 'b', 'm', 'c' change nothing at the fd level
        }
    }
    return flags;
}

FILE* boosted_stream(int fd, const char* mode) {
    const cookie_io_functions_t io{stream_read, stream_write, stream_seek, stream_close};
    FILE* stream = fopencookie(reinterpret_cast<void*>(static_cast<intptr_t>(fd)), mode, io);
    if (stream != nullptr) stream->_fileno = fd;
    return stream;
}

}  // namespace booster::preload
