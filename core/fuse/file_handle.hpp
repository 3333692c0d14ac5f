// The engine Fd behind a FUSE file handle (fuse_file_info::fh).
//
// open/create/opendir store one owning reference in fh and list the fd in the bridge's
// OpenFiles; release/releasedir take both back, and dropping the reference is the engine's
// release (every translator's fd context is destroyed). In between, each op takes its own
// reference for as long as its fop runs, so an fd never dies under a fop.
// Thread-safety: any thread; the kernel never sends release while an op on the handle is
// still unanswered.
#pragma once

#include <cstdint>

#include "core/engine/fd.hpp"
#include "core/fuse/bridge.hpp"
#include "core/fuse/fuse_api.hpp"

namespace booster::fuse {

// Moves the reference into fi->fh.
inline void attach_fd(Bridge& bridge, fuse_file_info* fi, FdRef fd) {
    Fd* raw = fd.get();
    raw->ref();  // the handle's own reference; `fd` drops the caller's on return
    bridge.open_files().add(*raw);
    fi->fh = reinterpret_cast<std::uintptr_t>(raw);
}

// A new reference to the handle's fd.
inline FdRef fd_of(const fuse_file_info* fi) { return FdRef(reinterpret_cast<Fd*>(fi->fh)); }

// Takes the handle's reference back (release).
inline FdRef detach_fd(Bridge& bridge, fuse_file_info* fi) {
    FdRef fd = FdRef::adopt(reinterpret_cast<Fd*>(fi->fh));
    bridge.open_files().remove(*fd);
    fi->fh = 0;
    return fd;
}

}  // namespace booster::fuse
