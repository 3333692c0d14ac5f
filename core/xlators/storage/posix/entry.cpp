#include "core/xlators/storage/posix/entry.hpp"

#include <fcntl.h>

namespace booster {

std::string proc_fd_path(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

std::string Entry::proc_path() const {
    std::string path = proc_fd_path(dir);
    path.push_back('/');
    path.append(name);
    return path;
}

Result<struct stat> Entry::stat() const {
    struct stat st {};
    if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return fail_errno();
    return st;
}

}  // namespace booster
