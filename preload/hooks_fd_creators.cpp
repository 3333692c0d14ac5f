// Calls that create descriptors the booster never boosts. A number they return that our table
// still holds was closed behind our back (fclose or a close inside libc), so the stale entry
// is dropped before it could serve someone else's file.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>

#include "preload/file_ops.hpp"
#include "preload/hook_util.hpp"

using namespace booster::preload;

namespace {

int fresh(int fd) {
    ErrnoKeeper keep;
    forget_stale(fd);
    return fd;
}

int fresh_pair(int r, int fds[2]) {
    if (r == 0) {
        ErrnoKeeper keep;
        forget_stale(fds[0]);
        forget_stale(fds[1]);
    }
    return r;
}

}  // namespace

extern "C" {

int pipe(int fds[2]) { return fresh_pair(BOOSTER_KERNEL(pipe, fds), fds); }
int pipe2(int fds[2], int flags) { return fresh_pair(BOOSTER_KERNEL(pipe2, fds, flags), fds); }
int socket(int domain, int type, int protocol) { return fresh(BOOSTER_KERNEL(socket, domain, type, protocol)); }
int socketpair(int domain, int type, int protocol, int fds[2]) {
    return fresh_pair(BOOSTER_KERNEL(socketpair, domain, type, protocol, fds), fds);
}
int accept(int fd, struct sockaddr* addr, socklen_t* len) { return fresh(BOOSTER_KERNEL(accept, fd, addr, len)); }
int accept4(int fd, struct sockaddr* addr, socklen_t* len, int flags) {
    return fresh(BOOSTER_KERNEL(accept4, fd, addr, len, flags));
}
int eventfd(unsigned int count, int flags) { return fresh(BOOSTER_KERNEL(eventfd, count, flags)); }
int epoll_create(int size) { return fresh(BOOSTER_KERNEL(epoll_create, size)); }
int epoll_create1(int flags) { return fresh(BOOSTER_KERNEL(epoll_create1, flags)); }
int memfd_create(const char* name, unsigned int flags) { return fresh(BOOSTER_KERNEL(memfd_create, name, flags)); }
int timerfd_create(int clockid, int flags) { return fresh(BOOSTER_KERNEL(timerfd_create, clockid, flags)); }
int signalfd(int fd, const sigset_t* mask, int flags) { return fresh(BOOSTER_KERNEL(signalfd, fd, mask, flags)); }
int inotify_init(void) { return fresh(BOOSTER_KERNEL(inotify_init)); }
int inotify_init1(int flags) { return fresh(BOOSTER_KERNEL(inotify_init1, flags)); }

}  // extern "C"
