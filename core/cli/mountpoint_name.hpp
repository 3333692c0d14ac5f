// The file name that stands for a mount point in /var/log/booster and /run/booster:
// "/mnt/vol" -> "mnt-vol", as GlusterFS names its mount logs. Pure function.
#pragma once

#include <string>

namespace booster::cli {

inline std::string mountpoint_name(const std::string& mountpoint) {
    std::string name = mountpoint.substr(mountpoint.starts_with('/') ? 1 : 0);
    for (char& c : name)
        if (c == '/') c = '-';
    return name.empty() ? "root" : name;
}

}  // namespace booster::cli
