#include "core/xlators/storage/posix/brick_path.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>

namespace booster {

Status check_name(std::string_view name) {
    if (name.empty() || name == "." || name == "..") return fail(EINVAL);
    if (name.find('/') != std::string_view::npos || name.find('\0') != std::string_view::npos)
        return fail(EINVAL);
    if (name.size() > NAME_MAX) return fail(ENAMETOOLONG);
    return ok();
}

Result<PathParts> split_path(std::string_view path) {
    if (path.empty() || path.front() != '/') return fail(EINVAL);
    if (path.size() >= PATH_MAX) return fail(ENAMETOOLONG);
    if (path == "/") return PathParts{};
    PathParts parts;
    std::string_view rest = path.substr(1);
    for (;;) {
        const std::size_t slash = rest.find('/');
        const std::string_view component = rest.substr(0, slash);
        if (auto checked = check_name(component); !checked) return std::unexpected(checked.error());
        if (slash == std::string_view::npos) {
            parts.name = component;
            return parts;
        }
        if (!parts.parent.empty()) parts.parent.push_back('/');
        parts.parent.append(component);
        rest = rest.substr(slash + 1);
    }
}

bool reaches_private_dir(const PathParts& parts) {
    if (parts.parent.empty()) return parts.name == kPrivateDirName;
    const std::string_view parent = parts.parent;
    return parent.substr(0, parent.find('/')) == kPrivateDirName;
}

Result<UniqueFd> open_dir_beneath(int base, const std::string& rel) {
    open_how how{};
    how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    const long fd = ::syscall(SYS_openat2, base, rel.c_str(), &how, sizeof how);
    if (fd < 0) return fail_errno();
    return UniqueFd(static_cast<int>(fd));
}

}  // namespace booster
