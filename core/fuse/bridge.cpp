#include "core/fuse/bridge.hpp"

#include <random>

namespace booster::fuse {

static_assert(sizeof(fuse_ino_t) >= sizeof(Inode*), "nodeids are Inode addresses");

namespace {

// POSIX lock semantics (per process owner, released by any close, waiters parked rather than
// blocking a thread) come from features/locks, locally or on a brick behind protocol/client.
// Without either, the kernel's own lock table is the correct one: every process using the
// volume, boosted or not, goes through this one mount for its locks.
bool serves_locks(const Graph& graph) {
    for (const auto& xl : graph.xlators())
        if (xl->type() == "features/locks" || xl->type() == "protocol/client") return true;
    return false;
}

}  // namespace

Bridge::Bridge(Graph& graph, MountOptions options, std::string volfile_text, std::string mountpoint)
    : graph_(graph),
      options_(std::move(options)),
      volfile_text_(std::move(volfile_text)),
      mountpoint_(std::move(mountpoint)),
      client_id_((std::uint64_t{std::random_device{}()} << 32) | std::random_device{}()),
      root_(graph.itable().root().get()),
      graph_serves_locks_(serves_locks(graph)) {}

InodeRef Bridge::inode(fuse_ino_t ino) const {
    return InodeRef(ino == FUSE_ROOT_ID ? root_ : reinterpret_cast<Inode*>(ino));
}

fuse_ino_t Bridge::nodeid(const Inode& inode) const {
    return &inode == root_ ? FUSE_ROOT_ID : reinterpret_cast<fuse_ino_t>(&inode);
}

}  // namespace booster::fuse
