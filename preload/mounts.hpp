// Mounts: the booster mounts this process has met, each with its in-process engine.
//
// A mount is identified by the device number of its files (each FUSE mount has its own).
// The first fd opened on an unknown device without a block device (may_be_fuse) costs one
// fgetxattr, which answers the volfile, the mount point and that file's gfid at once (three
// for a value over 4 KiB; a mount that predates that key is asked for the first two apart);
// the engine is built later, at the first call the booster serves on one of its files
// (engine()), exactly once per mount even when many threads get there at the same moment; any
// later file on the same mount is recognised from its device number alone, and a file met
// before from its inode number (GfidCache). Devices that are not booster mounts are remembered
// too, so an ordinary file costs one lookup after its fstat.
// A mount whose engine cannot be built is marked failed once, logged once, and its files are
// simply left to the kernel. After fork the child's engines are rebuilt lazily (generation).
// Ownership: Mount objects live until exit (a forked child may still hold pointers to them).
// Thread-safety: every method may be called from any thread.
#pragma once

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include <tsl/robin_map.h>

#include "core/client/client.hpp"
#include "preload/gfid_cache.hpp"

namespace booster::preload {

// A FUSE mount, like every file system without a block device, has device major 0. This is
// the filter before the contract's xattr: fstatfs would tell FUSE apart exactly, but on a
// booster mount it costs a statfs round trip to the bricks on the first open's path.
inline bool may_be_fuse(dev_t dev) { return major(dev) == 0; }

struct Mount {
    std::string mountpoint;
    std::string volfile;
    dev_t dev = 0;
    std::mutex mu;  // guards building the engine
    std::unique_ptr<Client> client;
    unsigned generation = 0;  // of `client`
    std::atomic<bool> failed{false};
    GfidCache gfids;
};

// The mount of an fd; `gfid` is the fd's file's, when the mount was learned from this very fd.
struct MountOfFd {
    Mount* mount = nullptr;
    std::optional<Gfid> gfid;
};

class Mounts {
public:
    // The booster mount `fd` (already open, with stat `st`) lives on; a null mount if it is not
    // a booster mount or its engine could not be built. Builds no engine.
    MountOfFd for_fd(int fd, const struct stat& st);
    // The engine of `m` for the current generation, building it if needed; null on failure.
    Client* engine(Mount& m);
    // The engine of `m` if it is built for the current generation; null otherwise, and while
    // another thread builds it. Never builds, never waits.
    Client* built_engine(Mount& m);
    unsigned generation() const { return generation_.load(std::memory_order_acquire); }
    std::size_t engines_built() const { return built_.load(std::memory_order_relaxed); }

    // In a fork child: engines of the parent may depend on threads that did not survive fork;
    // they are leaked (never destroyed) and rebuilt on next use.
    void after_fork_in_child();
    // Every mount with an engine, for the fork and exec paths.
    std::vector<Mount*> all();

private:
    MountOfFd learn(int fd, const struct stat& st);

    std::shared_mutex mu_;
    tsl::robin_map<dev_t, Mount*> by_dev_;  // null value: known not to be a booster mount
    std::atomic<unsigned> generation_{1};
    std::atomic<std::size_t> built_{0};
};

}  // namespace booster::preload
