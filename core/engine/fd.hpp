// Fd: an open file or directory as the engine sees it (the seeds' fd_t).
//
// Created by whoever opens (the FUSE bridge, the in-process client, protocol/server), passed to
// open/create/opendir, which fill their per-translator contexts, then passed by reference to
// every fd fop. Reference-counted: the last unref is the release (releasedir for a directory),
// which destroys every translator's context. Holds a reference on its inode.
// An anonymous Fd (GlusterFS's fd_anonymous) stands for "this inode, no open": a translator
// that deferred an open (performance/open-behind) reads or writes through one without opening
// below.
// Nothing opened it, so no translator has a context on it unless it serves the anonymous form
// itself (protocol/client sends the gfid instead of a remote id; storage/posix opens the object
// for the one fop); a translator that needs an open fd answers EBADF.
// Thread-safety: ref/unref and ctx() from any thread; flags() and anonymous() are immutable.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstddef>

#include "core/engine/ctx.hpp"
#include "core/engine/inode.hpp"
#include "core/engine/ref.hpp"

namespace booster {

class Fd;
using FdRef = Ref<Fd>;

class Fd {
public:
    static FdRef create(InodeRef inode, int flags, pid_t pid, std::size_t ctx_slots) {
        return FdRef::adopt(new Fd(std::move(inode), flags, pid, ctx_slots, false));
    }
    static FdRef anonymous(InodeRef inode, int flags, pid_t pid, std::size_t ctx_slots) {
        return FdRef::adopt(new Fd(std::move(inode), flags, pid, ctx_slots, true));
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;

    Inode& inode() const { return *inode_; }
    const InodeRef& inode_ref() const { return inode_; }
    int flags() const { return flags_; }
    pid_t pid() const { return pid_; }
    bool anonymous() const { return anonymous_; }
    CtxSlots& ctx() { return ctx_; }

    void ref() { refs_.fetch_add(1, std::memory_order_relaxed); }
    void unref() {
        if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
    }

private:
    Fd(InodeRef inode, int flags, pid_t pid, std::size_t slots, bool anonymous)
        : inode_(std::move(inode)), flags_(flags), pid_(pid), anonymous_(anonymous), ctx_(slots) {}
    ~Fd() = default;

    std::atomic<std::uint64_t> refs_{1};
    InodeRef inode_;
    const int flags_;
    const pid_t pid_;
    const bool anonymous_;
    CtxSlots ctx_;
};

}  // namespace booster
