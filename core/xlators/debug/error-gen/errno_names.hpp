// errno names for error-gen's `error-no` option: "ENOSPC" -> ENOSPC.
// constexpr data; usable from any thread and at compile time.
#pragma once

#include <cerrno>
#include <optional>
#include <string_view>

namespace booster {

struct ErrnoName {
    std::string_view name;
    int value;
};

// clang-format off
inline constexpr ErrnoName kErrnoNames[] = {
    {"EIO", EIO}, {"ENOENT", ENOENT}, {"ENOTDIR", ENOTDIR}, {"EISDIR", EISDIR},
    {"ENAMETOOLONG", ENAMETOOLONG}, {"EACCES", EACCES}, {"EPERM", EPERM}, {"EBADF", EBADF},
    {"EFAULT", EFAULT}, {"ENOMEM", ENOMEM}, {"EINVAL", EINVAL}, {"EEXIST", EEXIST},
    {"ENOSPC", ENOSPC}, {"EDQUOT", EDQUOT}, {"EROFS", EROFS}, {"EBUSY", EBUSY},
    {"ENOTEMPTY", ENOTEMPTY}, {"EMLINK", EMLINK}, {"ENODEV", ENODEV}, {"EXDEV", EXDEV},
    {"EMFILE", EMFILE}, {"ENFILE", ENFILE}, {"ENOSYS", ENOSYS}, {"EINTR", EINTR},
    {"EFBIG", EFBIG}, {"EAGAIN", EAGAIN}, {"ENOTCONN", ENOTCONN}, {"ESTALE", ESTALE},
    {"ETIMEDOUT", ETIMEDOUT}, {"EOVERFLOW", EOVERFLOW}, {"ERANGE", ERANGE}, {"ENODATA", ENODATA},
    {"EOPNOTSUPP", EOPNOTSUPP},
};
// clang-format on

constexpr std::optional<int> errno_by_name(std::string_view name) {
    for (const ErrnoName& e : kErrnoNames)
        if (e.name == name) return e.value;
    return std::nullopt;
}

}  // namespace booster
