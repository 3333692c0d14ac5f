// Names and paths as storage/posix accepts them, and the one way it opens a directory under
// the brick: openat2 with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS, so no
// `..`, no symlink stored on the brick and no /proc magic link can lead a request outside.
// Pure functions and syscalls on descriptors the caller owns; callable from any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/engine/result.hpp"
#include "core/xlators/storage/posix/unique_fd.hpp"

namespace booster {

// The brick's private directory (gfid index): invisible to every fop.
inline constexpr std::string_view kPrivateDirName = ".booster";

// One path component: EINVAL if empty, ".", "..", or containing '/' or NUL; ENAMETOOLONG if
// longer than NAME_MAX.
Status check_name(std::string_view name);

// "/a/b/c" split into parent "a/b" and name "c"; "/c" gives parent ""; "/" gives both empty
// (the brick root). Every component is checked with check_name; the path must be absolute.
struct PathParts {
    std::string parent;
    std::string name;
};
Result<PathParts> split_path(std::string_view path);

// True if the path parts name the private directory or anything inside it.
bool reaches_private_dir(const PathParts& parts);

// Opens the directory `rel` (relative, components already checked) beneath `base` as an
// O_PATH descriptor. Any symlink on the way, or an escape from `base`, fails (ELOOP, EXDEV).
Result<UniqueFd> open_dir_beneath(int base, const std::string& rel);

}  // namespace booster
