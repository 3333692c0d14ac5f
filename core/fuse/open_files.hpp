// OpenFiles: the fds behind the kernel's open file handles, by inode.
//
// Why: the kernel sends getattr by nodeid, without the file handle, even for fstat(2). Asking
// the graph by path fails for a file unlinked while open (it has no path left), and is slower
// than asking an open fd. getattr therefore uses an open fd of the inode when there is one, as
// GlusterFS's fuse-bridge does.
// It also remembers which open files a booster process adopted for writing.
// Ownership: holds no references; open/create/opendir add an fd as they hand it to the kernel,
// release/releasedir remove it before dropping the handle's reference.
// Thread-safety: any thread; one mutex.
#pragma once

#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "core/engine/fd.hpp"

namespace booster::fuse {

class OpenFiles {
public:
    void add(Fd& fd);
    void remove(Fd& fd);
    // A new reference to some fd open on `inode`, or null.
    FdRef any_on(const Inode& inode);

    // A booster process writes this file behind the kernel's back (preload_contract.hpp):
    // every flush of it must drop the kernel's caches of the inode. Forgotten at remove().
    void mark_published(const Fd& fd);
    bool published(const Fd& fd);

private:
    std::mutex mu_;
    std::unordered_multimap<const Inode*, Fd*> by_inode_;  // guarded by mu_
    std::unordered_set<const Fd*> published_;              // guarded by mu_
};

}  // namespace booster::fuse
