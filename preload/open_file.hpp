// OpenFile: what the booster knows about one open file description of the application (the
// value of an fd table entry; dup'd numbers share one).
//
// The kernel fd stays open as the placeholder for the number the application holds, so any
// call the booster does not serve still works through FUSE. An entry is made when the kernel
// has opened a file of a booster mount, and adopted by the engine (engine open, `client`,
// `file`, `gfid`) only at the first call the booster serves on it (complete_adoption in
// file_ops.hpp): a file opened and closed without I/O costs no engine, and the first open of a
// process no engine build. `generation` 0 marks an entry not adopted yet. The file position
// lives in `offset` while this process is its only user; as soon as a child process may share
// the description (fork, spawn, exec) it is written to the kernel fd and read from there from
// then on (`kernel_offset`), as the kernel shares it. A description handed over entirely to
// the kernel (`kernel_only`: F_SETFL, writable shared mmap, an engine that was lost or could
// not adopt it) is no longer boosted through any of its numbers.
// In a forked child an entry adopted before the fork holds a handle of the parent's engine,
// which the child leaks (Mounts::after_fork_in_child): the child reopens it in an engine of its
// own at its first boosted call (a new `generation`), and an entry that goes before that (a
// child closing what it inherited before exec) leaks the handle with that engine and builds
// none; dropping it would take locks of the parent's engine that one of the parent's threads
// may have held at the fork.
// Thread-safety: `io_mu` serialises calls that use the position, as the kernel's f_pos lock
// does; positional calls (pread, pwrite, ...) do not take it. `engine_mu` serialises adoption
// and the rebuild in a forked child; the engine fields they write are published by the
// release store of `generation`. Flags are atomics.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <mutex>
#include <optional>
#include <string>

#include "core/client/client.hpp"
#include "core/engine/gfid.hpp"

namespace booster::preload {

struct Mount;

struct OpenFile {
    OpenFile(Mount* m, int fl, dev_t d, ino_t i, std::optional<Gfid> with_mount, std::string volume_path)
        : mount(m), flags(fl), dev(d), ino(i), gfid_with_mount(with_mount), name_in_volume(std::move(volume_path)) {}
    ~OpenFile();
    OpenFile(const OpenFile&) = delete;
    OpenFile& operator=(const OpenFile&) = delete;

    // Adopted under engines of another generation than `current`: before this process forked,
    // and not reopened since (`file` is then a handle of the parent's engine).
    bool adopted_before_fork(unsigned current) const {
        const unsigned had = generation.load(std::memory_order_acquire);
        return had != 0 && had != current;
    }

    Mount* const mount;
    // The engine and its handle: set at adoption; replaced when a forked child rebuilds its
    // engines (both under engine_mu, before `generation` is published).
    Client* client = nullptr;
    Client::File file;
    Gfid gfid;
    const int flags;       // open(2) flags
    const dev_t dev;       // the FUSE mount's device and the inode number FUSE reports,
    const ino_t ino;       // so fstat through the engine matches stat through the mount
    std::atomic<unsigned> generation{0};
    // What the open learned for the adoption: the gfid the mount's description answered (when
    // this file introduced the mount), and the file's path in the volume for a read-only open the
    // engine can resolve in-process (empty otherwise).
    const std::optional<Gfid> gfid_with_mount;
    const std::string name_in_volume;

    std::mutex io_mu;
    std::mutex engine_mu;  // guards setting client, file and gfid
    off_t offset = 0;  // guarded by io_mu; valid while !kernel_offset
    std::atomic<bool> kernel_offset{false};
    std::atomic<bool> kernel_only{false};
    // Written through the engine since the kernel's caches of this inode were last dropped.
    std::atomic<bool> dirty{false};
    // The mount drops those caches itself on every close of this open file (the adoption
    // ioctl of preload_contract.hpp), so close needs no round trip of its own.
    bool published_by_close = false;
};

}  // namespace booster::preload
