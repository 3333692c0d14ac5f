// Bridge: what every FUSE op of one mount shares: the graph it serves, the mount options, and
// the strings the preload contract exposes (volfile text, mount point).
//
// Node ids: a FUSE nodeid is the address of the engine's Inode (the kernel's lookup count,
// mirrored by InodeTable::lookup_inc/forget, keeps that inode linked and its address valid);
// the root is FUSE_ROOT_ID. A nodeid is only ever turned back into an inode while the kernel
// still holds a lookup on it.
// Ownership: the mount command owns the Bridge and the Graph, both outlive the FUSE session.
// Ops reach the Bridge through fuse_req_userdata().
// Thread-safety: immutable once the session is attached, but for OpenFiles and Interrupts;
// everything it holds is thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "core/engine/graph.hpp"
#include "core/engine/inode.hpp"
#include "core/fuse/fuse_api.hpp"
#include "core/fuse/interrupts.hpp"
#include "core/fuse/mount_options.hpp"
#include "core/fuse/open_files.hpp"

namespace booster::fuse {

class Bridge {
public:
    Bridge(Graph& graph, MountOptions options, std::string volfile_text, std::string mountpoint);
    Bridge(const Bridge&) = delete;
    Bridge& operator=(const Bridge&) = delete;

    static Bridge& of(fuse_req_t req) { return *static_cast<Bridge*>(fuse_req_userdata(req)); }

    Graph& graph() const { return graph_; }
    Xlator& top() const { return graph_.top(); }
    InodeTable& itable() const { return graph_.itable(); }
    const MountOptions& options() const { return options_; }
    const std::string& volfile_text() const { return volfile_text_; }
    const std::string& mountpoint() const { return mountpoint_; }
    // Identifies this mount as a client of the graph (lock ownership, io-stats).
    std::uint64_t client_id() const { return client_id_; }
    OpenFiles& open_files() { return open_files_; }
    // The requests an INTERRUPT from the kernel cancels (blocking locks).
    Interrupts& interrupts() { return interrupts_; }
    // The libfuse session serving this bridge, for notifications to the kernel; set once by
    // FuseSession before it mounts, null until then.
    fuse_session* session() const { return session_; }
    void attach_session(fuse_session* session) { session_ = session; }
    // Whether POSIX record locks are served by the graph rather than kept by the kernel.
    bool graph_serves_locks() const { return graph_serves_locks_; }

    InodeRef inode(fuse_ino_t ino) const;
    fuse_ino_t nodeid(const Inode& inode) const;

private:
    Graph& graph_;
    MountOptions options_;
    std::string volfile_text_;
    std::string mountpoint_;
    std::uint64_t client_id_;
    Inode* root_;
    bool graph_serves_locks_;
    fuse_session* session_ = nullptr;
    OpenFiles open_files_;
    Interrupts interrupts_;
};

}  // namespace booster::fuse
