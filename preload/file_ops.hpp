// What the hooks do with a boosted file: adopt a freshly opened fd, I/O at the file position
// or at an offset, and the ways back to the kernel. Every function here runs inside a
// ReentryGuard it takes itself, returns what the libc call would (a count or -1 with errno),
// and never throws.
// Thread-safety: any thread; position-based calls serialise on the file's io_mu.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>

#include "preload/runtime.hpp"

namespace booster::preload {

enum class Origin { kOpened, kInherited };

// The name an application opened a file by (openat's dirfd and path), valid during the hook.
struct OpenedPath {
    int dirfd = AT_FDCWD;
    const char* path = nullptr;
};

// After the kernel opened `fd` with `flags` (by `name`, when known): if it is a regular file on
// a booster mount, enter it in the fd table, to be adopted by the engine at the first call the
// booster serves on it (boosted()). Any failure leaves the fd to the kernel (it is already open
// and correct).
void adopt(int fd, int flags, Origin origin = Origin::kOpened, OpenedPath name = {});
// Opens the engine side of `f`, entered at `fd` and not adopted yet, building its mount's
// engine if needed. False, with `f` handed to the kernel for good, when that cannot be done.
bool complete_adoption(int fd, OpenFile& f);

// The boosted open file behind `fd` for the length of the calling hook, adopted now if it was
// not yet, or empty: the call then goes to the kernel.
inline FilePin boosted(int fd) {
    if (!tracking() || inside_booster()) return {};
    FilePin f = runtime().files.pin(fd);
    if (!f || f->kernel_only.load(std::memory_order_relaxed)) return {};
    if (f->generation.load(std::memory_order_acquire) == 0 && !complete_adoption(fd, *f)) return {};
    return f;
}
// At load: fds this program inherited (a shell's redirections, a parent's files) that are
// booster files are boosted too. Only fds on a FUSE file system start the booster.
void adopt_inherited();
// A number the kernel handed out without us: whatever our table held there is stale.
void forget_stale(int fd);

ssize_t read_at_position(int fd, OpenFile& f, const iovec* iov, int iovcnt);
ssize_t write_at_position(int fd, OpenFile& f, const iovec* iov, int iovcnt);
ssize_t read_at(OpenFile& f, const iovec* iov, int iovcnt, off_t offset);
ssize_t write_at(OpenFile& f, const iovec* iov, int iovcnt, off_t offset);
off_t seek(int fd, OpenFile& f, off_t offset, int whence);

int stat_file(OpenFile& f, struct stat* st);
int truncate_file(OpenFile& f, off_t length);
int sync_file(OpenFile& f, bool datasync);
// Returns 0 or an errno value (posix_fallocate's convention); callers convert.
int allocate(OpenFile& f, int mode, off_t offset, off_t length);
// The engine side of close(2) on one number: flush, and make the data visible to every other
// client through the kernel. Returns 0 or -1 with errno (deferred write errors).
int close_file(int fd, OpenFile& f);

// copy_file_range between two boosted fds of one engine, with copy_file_range(2)'s offset
// rules (null: use and advance the file position).
ssize_t copy_range(int fd_in, OpenFile& in, off64_t* off_in, int fd_out, OpenFile& out, off64_t* off_out,
                   std::size_t length);

// If the engine wrote to the file: waits for the writes it still holds and drops the kernel's
// caches of the inode (through `fd`), so that whoever reads through the kernel sees them. The
// file position stays where it is.
void publish_writes(int fd, OpenFile& f);
// A lock on the file was just granted: whoever held one before may have written the file, from
// another process whose writes went straight to the bricks. The engine forgets what it caches
// of the file, so that the reads under this lock see those writes (NFS revalidates at lock
// time for the same reason).
void forget_cached_after_lock(OpenFile& f);
// Writes the file position into the kernel fd and keeps it there from now on, then
// publish_writes: before anything else (a child, a kernel call on the same fd) may look at the
// file through the kernel.
void share_with_kernel(int fd, OpenFile& f);
// share_with_kernel, then stop boosting this open file description altogether.
void hand_to_kernel(int fd, OpenFile& f);
// share_with_kernel for every boosted fd (before fork, spawn, exec, and at exit: the kernel's
// closing of a program's fds reaches only the FUSE daemon, not this process's engines).
void share_all_with_kernel();
// `fd` was opened behind the booster's back (fopen inside libc): publish_writes of every
// boosted open file of the same inode, so reads through `fd` see those writes.
void refresh_kernel_view(int fd);

}  // namespace booster::preload
