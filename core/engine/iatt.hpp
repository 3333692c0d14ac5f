// Iatt: the attributes of a file as the engine passes them around (a struct stat plus the gfid).
// SetAttr: which attributes a setattr/fsetattr changes. Value types.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <ctime>

#include "core/engine/gfid.hpp"

namespace booster {

struct Iatt {
    Gfid gfid;
    std::uint64_t ino = 0;
    std::uint64_t dev = 0;
    std::uint32_t mode = 0;  // type and permission bits, as st_mode
    std::uint32_t nlink = 0;
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
    std::uint64_t rdev = 0;
    std::uint64_t size = 0;
    std::uint32_t blksize = 0;
    std::uint64_t blocks = 0;  // 512-byte units
    timespec atime{};
    timespec mtime{};
    timespec ctime{};

    static Iatt from_stat(const struct stat& st, const Gfid& gfid);
    struct stat to_stat() const;
    bool is_dir() const { return S_ISDIR(mode); }
    bool is_reg() const { return S_ISREG(mode); }
    bool is_link() const { return S_ISLNK(mode); }
};

struct SetAttr {
    enum : std::uint32_t {
        kMode = 1u << 0,
        kUid = 1u << 1,
        kGid = 1u << 2,
        kSize = 1u << 3,
        kAtime = 1u << 4,
        kMtime = 1u << 5,
        kAtimeNow = 1u << 6,
        kMtimeNow = 1u << 7,
    };
    std::uint32_t valid = 0;
    std::uint32_t mode = 0;
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
    std::uint64_t size = 0;
    timespec atime{};
    timespec mtime{};
};

}  // namespace booster
