// Entry: one object on the brick, named the only way posix touches objects: a directory
// descriptor plus a single name in it, used with *at calls that never follow a final symlink.
//
// Kinds: kRoot is the brick root itself (the brick descriptor and "."); kNamed is a real name
// in a real directory; kHandle is the object's hard link in the gfid index (a non-directory
// opened by gfid alone), fine for reading and changing the object, never for changing names.
// An Entry owns the directory descriptor when it had to open one (`owned_dir`); otherwise
// `dir` borrows the brick's descriptor. Move-only; used by one fop on one thread.
#pragma once

#include <sys/stat.h>

#include <string>

#include "core/engine/gfid.hpp"
#include "core/engine/result.hpp"
#include "core/xlators/storage/posix/unique_fd.hpp"

namespace booster {

struct Entry {
    enum class Kind { kRoot, kNamed, kHandle };

    UniqueFd owned_dir;
    int dir = -1;
    std::string name;
    Kind kind = Kind::kNamed;
    Gfid parent_gfid;  // null when it could only be known by asking the brick

    bool is_root() const { return kind == Kind::kRoot; }
    bool is_named() const { return kind == Kind::kNamed; }
    // "/proc/self/fd/<dir>/<name>": lets path-only calls (the l*xattr family) reach the object
    // through the directory we hold, without a second walk from the brick root.
    std::string proc_path() const;
    // fstatat(dir, name, AT_SYMLINK_NOFOLLOW).
    Result<struct stat> stat() const;
};

// The "/proc/self/fd/<fd>" form of a descriptor, for calls that only take paths.
std::string proc_fd_path(int fd);

}  // namespace booster
