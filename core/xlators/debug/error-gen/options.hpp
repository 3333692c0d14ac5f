// Options of debug/error-gen (names as in GlusterFS error-gen, plus every-nth and random-seed).
#pragma once

#include "core/engine/options.hpp"

namespace booster {

inline constexpr OptionSpec kErrorGenOptions[] = {
    {.key = "enable",
     .type = OptionType::kString,
     .default_value = "all",
     .doc = "fops that may fail: `all` or a comma-separated list of fop names"},
    {.key = "error-no",
     .type = OptionType::kEnum,
     .default_value = "EIO",
     .values = "EIO|ENOENT|ENOTDIR|EISDIR|ENAMETOOLONG|EACCES|EPERM|EBADF|EFAULT|ENOMEM|EINVAL|EEXIST|"
               "ENOSPC|EDQUOT|EROFS|EBUSY|ENOTEMPTY|EMLINK|ENODEV|EXDEV|EMFILE|ENFILE|ENOSYS|EINTR|"
               "EFBIG|EAGAIN|ENOTCONN|ESTALE|ETIMEDOUT|EOVERFLOW|ERANGE|ENODATA|EOPNOTSUPP",
     .doc = "the errno a failed fop returns"},
    {.key = "every-nth",
     .type = OptionType::kInt,
     .default_value = "0",
     .min = 0,
     .max = 1e9,
     .doc = "fail every Nth call of an enabled fop (counted over all enabled fops); 0 = off"},
    {.key = "failure",
     .type = OptionType::kPercent,
     .default_value = "0",
     .min = 0,
     .max = 100,
     .doc = "probability in percent that a call of an enabled fop fails (not with every-nth)"},
    {.key = "random-seed",
     .type = OptionType::kInt,
     .doc = "seed of the `failure` draws, for a reproducible pattern; random when absent"},
};

}  // namespace booster
