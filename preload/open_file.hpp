// OpenFile: what the booster knows about one open file description of the application (the
// value of an fd table entry; dup'd numbers share one).
//
// The kernel fd stays open as the placeholder for the number the application holds, so any
// call the booster does not serve still works through FUSE. The file position lives in
// `offset` while this process is its only user; as soon as a child process may share the
// description (fork, spawn, exec) it is written to the kernel fd and read from there from
// then on (`kernel_offset`), as the kernel shares it. A description handed over entirely to
// the kernel (`kernel_only`: F_SETFL, writable shared mmap, an engine that was lost) is no
// longer boosted through any of its numbers.
// Thread-safety: `io_mu` serialises calls that use the position, as the kernel's f_pos lock
// does; positional calls (pread, pwrite, ...) do not take it. Flags are atomics.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <mutex>

#include "core/client/client.hpp"
#include "core/engine/gfid.hpp"

namespace booster::preload {

struct Mount;

struct OpenFile {
    OpenFile(Mount* m, Client* c, Client::File f, const Gfid& g, int fl, dev_t d, ino_t i, unsigned gen)
        : mount(m), client(c), file(std::move(f)), gfid(g), flags(fl), dev(d), ino(i), generation(gen) {}

    Mount* const mount;
    // The engine and its handle; replaced (under io_mu, before `generation` is published) when
    // a forked child rebuilds its engines, otherwise immutable.
    Client* client;
    Client::File file;
    const Gfid gfid;
    const int flags;       // open(2) flags
    const dev_t dev;       // the FUSE mount's device and the inode number FUSE reports,
    const ino_t ino;       // so fstat through the engine matches stat through the mount
    std::atomic<unsigned> generation;

    std::mutex io_mu;
    std::mutex engine_mu;  // guards the rebuild of client/file in a forked child
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
