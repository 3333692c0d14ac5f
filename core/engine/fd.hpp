// Fd: an open file or directory as the engine sees it (the seeds' fd_t).
//
// Created by whoever opens (the FUSE bridge, the in-process client, protocol/server), passed to
// open/create/opendir, which fill their per-translator contexts, then passed by reference to
// every fd fop. Reference-counted: the last unref is the release (releasedir for a directory),
// which destroys every translator's context. Holds a reference on its inode.
// Thread-safety: ref/unref and ctx() from any thread; flags() is immutable.
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
        return FdRef::adopt(new Fd(std::move(inode), flags, pid, ctx_slots));
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;

    Inode& inode() const { return *inode_; }
    const InodeRef& inode_ref() const { return inode_; }
    int flags() const { return flags_; }
    pid_t pid() const { return pid_; }
    CtxSlots& ctx() { return ctx_; }

    void ref() { refs_.fetch_add(1, std::memory_order_relaxed); }
    void unref() {
        if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
    }

private:
    Fd(InodeRef inode, int flags, pid_t pid, std::size_t slots)
        : inode_(std::move(inode)), flags_(flags), pid_(pid), ctx_(slots) {}
    ~Fd() = default;

    std::atomic<std::uint64_t> refs_{1};
    InodeRef inode_;
    const int flags_;
    const pid_t pid_;
    CtxSlots ctx_;
};

}  // namespace booster
