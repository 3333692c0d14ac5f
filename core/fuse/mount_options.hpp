// MountOptions: the -o options of `booster mount` (and of fstab / mount -t fuse.booster),
// split into what the bridge itself uses and the standard FUSE/VFS options handed to libfuse.
//
// parse() accepts a comma-separated list (several -o are simply joined with commas) and
// rejects an unknown option or a bad value with a message naming it. fstab-only words that
// mean nothing to the mount itself (defaults, noauto, nofail, _netdev, x-*, ...) are accepted
// and dropped.
// Value type; immutable once parsed.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/log.hpp"

namespace booster::fuse {

struct MountOptions {
    double attr_timeout = 1.0;      // seconds the kernel may cache attributes
    double entry_timeout = 1.0;     // seconds the kernel may cache a name -> inode
    double negative_timeout = 1.0;  // seconds the kernel may cache "no such name"; 0: not at all
    bool readdirplus = true;
    unsigned threads = 10;  // most FUSE worker threads; libfuse starts them on demand
    std::optional<std::string> log_file;
    std::optional<LogLevel> log_level;
    // Passed to libfuse as "-o a,b,c" (fsname=, subtype=, allow_other, ro, nosuid, ...).
    std::vector<std::string> fuse_options;

    static std::expected<MountOptions, std::string> parse(std::string_view list);
    // The libfuse option string: ours (default_permissions, subtype=booster and
    // fsname=SOURCE unless given, allow_other when mounted by root) followed by the user's
    // pass-through options.
    std::string fuse_option_string(std::string_view source, bool mounted_by_root) const;
};

}  // namespace booster::fuse
