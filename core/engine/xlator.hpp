// Xlator: the base class of every translator (the seeds' xlator_t + xlator_fops).
//
// One virtual method per fop (fop_list.hpp), typed arguments and results; the default forwards
// the call unchanged to the first child (a leaf without children answers ENOSYS). A translator
// overrides the fops it cares about. Forwarding is a plain call that returns the child's task,
// so a translator that does not touch a fop adds no coroutine frame to it.
//
// Life cycle, driven by Graph: construct (registry) -> setup (name, options, children, slot)
// -> init() bottom-up -> notify(kParentUp) -> fops from any thread -> fini() top-down -> destroy.
// Per-inode and per-fd state lives in context slots (ctx.hpp) at index slot().
// Thread-safety: fops, notify and the ctx helpers may be called concurrently from any thread;
// init/fini run alone.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/event.hpp"
#include "core/engine/fop_list.hpp"
#include "core/engine/options.hpp"
#include "core/engine/result.hpp"
#include "core/engine/task.hpp"

namespace booster {

class Graph;

class Xlator {
public:
    Xlator() = default;
    virtual ~Xlator() = default;
    Xlator(const Xlator&) = delete;
    Xlator& operator=(const Xlator&) = delete;

    const std::string& name() const { return name_; }
    const std::string& type() const { return type_; }
    const Options& options() const { return options_; }
    const std::vector<Xlator*>& children() const { return children_; }
    const std::vector<Xlator*>& parents() const { return parents_; }
    Xlator& first_child() const { return *children_.front(); }
    std::size_t slot() const { return slot_; }
    Graph* graph() const { return graph_; }

    // Reads options_ and prepares the translator; an error stops the graph from starting.
    virtual Status init() { return ok(); }
    virtual void fini() {}
    // Default: a PARENT_UP is passed down to the children; CHILD_UP/DOWN are passed up.
    virtual void notify(Event event, Xlator* from);
    // A client (a protocol/server peer, a mount) is gone: drop whatever it held (locks, leases).
    // Called after its fds have been released. Default: passed to every child.
    virtual void release_client(std::uint64_t client_id);
    // `inode` changed behind this graph's back: every cache drops what it holds of it. The FUSE
    // bridge calls it when a boosted program's engine wrote the file straight to the bricks
    // (before it drops the kernel's caches); the preload calls it on its engine when a lock is
    // granted (the previous holder, another process, may have written). Not a fop; any thread.
    // Default: passed to every child.
    virtual void forget_cached(Inode& inode);
    // A readv whose bytes go into `pipe` (the write end of a pipe with room for them) instead
    // of a buffer, so that a brick can hand a file's pages to its socket with splice(2) rather
    // than copy them twice. Not a fop: only a brick's protocol/server asks, on the thread that
    // serves the read, and a short count means end of file. A translator that passes a read's
    // bytes through untouched forwards it; the default answers ENOTSUP, and the caller reads
    // with readv. On any other error the pipe may hold part of the bytes.
    virtual Result<std::size_t> read_to_pipe(const Request& req, Fd& fd, int pipe, std::size_t length, off_t offset);
    // The kernel descriptor behind `fd`, an opened regular file, for a brick's protocol/server to
    // lend to a client doing short-circuit I/O: the client then reads and writes through it,
    // past every translator of the brick. Not a fop. Only a translator that does nothing to
    // readv and writev forwards it; the default answers ENOTSUP (nothing is lent). The
    // descriptor stays owned by `fd`.
    virtual Result<int> descriptor_to_lend(Fd& fd);
    // Text for io-stats style introspection; empty when the translator has nothing to say.
    virtual std::string dump() const { return {}; }

#define BOOSTER_FOP_DECLARE(name, R, params, args)                                      \
    virtual Task<Result<R>> name params {                                              \
        if (children_.empty()) return ready<Result<R>>(fail(ENOSYS));                  \
        return children_.front()->name args;                                           \
    }
    BOOSTER_FOPS(BOOSTER_FOP_DECLARE)
#undef BOOSTER_FOP_DECLARE

    // Raises an event towards every parent.
    void notify_parents(Event event);

    // This translator's context on an inode or fd, or null.
    template <class T>
    T* ctx(Inode& inode) const {
        return static_cast<T*>(inode.ctx().get(slot_));
    }
    template <class T>
    T* ctx(Fd& fd) const {
        return static_cast<T*>(fd.ctx().get(slot_));
    }
    // The context, created with `args` if there is none yet (a racing creation loses cleanly).
    template <class T, class... A>
    T& ctx_or_create(Inode& inode, A&&... args) const {
        if (Ctx* c = inode.ctx().get(slot_)) return *static_cast<T*>(c);
        return *static_cast<T*>(inode.ctx().set_if_empty(slot_, std::make_unique<T>(std::forward<A>(args)...)));
    }
    template <class T, class... A>
    T& ctx_or_create(Fd& fd, A&&... args) const {
        if (Ctx* c = fd.ctx().get(slot_)) return *static_cast<T*>(c);
        return *static_cast<T*>(fd.ctx().set_if_empty(slot_, std::make_unique<T>(std::forward<A>(args)...)));
    }

private:
    friend class Graph;
    std::string name_;
    std::string type_;
    Options options_;
    std::vector<Xlator*> children_;
    std::vector<Xlator*> parents_;
    std::size_t slot_ = 0;
    Graph* graph_ = nullptr;
};

}  // namespace booster
