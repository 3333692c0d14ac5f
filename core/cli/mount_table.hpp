// Reading the kernel's mount table (/proc/self/mountinfo) to find what is mounted where.
// Thread-safety: any thread; each call reads the table afresh.
#pragma once

#include <optional>
#include <string>

namespace booster::cli {

struct MountEntry {
    std::string mountpoint;
    std::string fstype;  // "fuse.booster" for a booster mount
    std::string source;
};

// The mount whose mount point is exactly `path` (the last one, if stacked); nullopt if none.
std::optional<MountEntry> find_mount(const std::string& path);

}  // namespace booster::cli
