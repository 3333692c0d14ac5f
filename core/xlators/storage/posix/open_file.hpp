// OpenFile: storage/posix's context on an engine Fd: the kernel descriptor behind it.
//
// Installed by open, create and opendir; destroying it (the engine's release/releasedir)
// closes the descriptor. Directories also keep what readdir needs: whether entries of the
// brick root are listed (the private directory is then skipped) and a mutex, because a
// listing is seek + getdents on the shared descriptor position.
// Thread-safety: `fd` and `gfid` are immutable after install; reads and writes use positional
// calls, so only directory listings need `listing`.
#pragma once

#include <fcntl.h>

#include <mutex>

#include "core/engine/ctx.hpp"
#include "core/engine/gfid.hpp"
#include "core/xlators/storage/posix/unique_fd.hpp"

namespace booster {

struct OpenFile : Ctx {
    OpenFile(UniqueFd f, const Gfid& g, bool root) : fd(std::move(f)), gfid(g), is_brick_root(root) {}

    UniqueFd fd;
    Gfid gfid;
    bool is_brick_root;
    std::mutex listing;
};

// The flags the brick opens an object with for a client's open(2) flags: creation is the
// brick's business (O_CREAT, O_EXCL), a terminal never becomes ours (O_NOCTTY), writes land
// at the offset the caller gives (no O_APPEND: the engine is positional, appending is decided
// above), a symlink on the brick is never followed, no descriptor leaks into a child process.
inline int brick_open_flags(int client_flags) {
    return (client_flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_APPEND)) | O_NOFOLLOW | O_CLOEXEC;
}

}  // namespace booster
