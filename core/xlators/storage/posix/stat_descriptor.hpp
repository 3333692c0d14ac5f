// stat_descriptor(): the attributes of an open kernel descriptor, storage/posix's one fstat.
// glibc's fstat is fstatat(fd, "", AT_EMPTY_PATH), for which the kernel copies in and checks an
// empty path; the plain fstat system call, where the architecture has one, does not. It is on
// the booster's fstat path and on every anonymous read or write of the brick.
// Any thread.
#pragma once

#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/engine/result.hpp"

namespace booster {

inline Result<struct stat> stat_descriptor(int fd) {
    struct stat st {};
#ifdef SYS_fstat
    const int rc = static_cast<int>(::syscall(SYS_fstat, fd, &st));
#else
    const int rc = ::fstat(fd, &st);
#endif
    if (rc != 0) return fail_errno();
    return st;
}

}  // namespace booster
