// storage/posix: the leaf translator that stores a volume in a local directory (the brick).
//
// Every fop of the engine runs as syscalls on the calling thread (the coroutine completes
// inline). Contract, beyond POSIX meaning:
//   * Identity: every object carries its gfid in xattr trusted.booster.gfid; creations store
//     Loc::gfid (or a fresh one), the root is Gfid::root(), an object found without one is
//     given one (racing finders agree on the first stored). Replies carry it; link counts
//     leave out the index's own hard link. The gfid index (gfid_index.hpp) finds objects by
//     gfid; lookup repairs an object's index entry when the brick was changed behind posix'
//     back (a directory made there gets its entry at its first lookup by name).
//   * Confinement: every Loc is resolved by Resolver (resolver.hpp): beneath the brick, never
//     through a symlink or `..`, never into the private directory <brick>/.booster. Operations
//     then act on (directory descriptor, name) with *at calls that do not follow symlinks.
//     Limit: a directory moved out of the brick while a fop already holds it open is acted on
//     by that one fop; every later fop fails to find it.
//   * Ownership: new objects belong to Request::uid/gid (when running as root; the group of a
//     set-group-ID parent wins) with mode & ~umask exactly; access() approximates the kernel's
//     check from the mode bits and the request's credentials.
//   * Locks: lk uses OFD locks (kind kFcntl) or flock(2) (kind kFlock) on the descriptor
//     behind the Fd, so locks conflict between Fds, not between lock owners sharing one Fd.
//     A blocking lk (kSetLkWait) is tried without blocking on the calling thread; on a
//     conflict it waits in the kernel on a lock-wait thread of posix' own (lock_wait_threads.hpp),
//     never on the caller's (on a FUSE mount of a local volume, waiters would otherwise fill
//     the FUSE workers and stop the mount, the unlock included), and completes on that thread.
//     A cancelled Request::cancel ends the wait with EINTR. fini() cancels the waits left.
//     Full POSIX semantics across clients, waiters without a thread each, and
//     inodelk/finodelk/entrylk (EOPNOTSUPP here) belong to features/locks stacked above.
//   * xattrop adds arrays of big-endian counters atomically (per gfid, within this process).
//   * Internal xattrs (trusted.booster.*) are not listed and cannot be set or removed (EPERM).
//   * Anonymous Fds (fd.hpp): readv and writev open the object by gfid for that one call, with
//     the permission check of an O_RDONLY or O_WRONLY open by the request's credentials (the
//     brick runs as root); every other fop on one is EBADF.
//   * readv/writev are positional (the brick descriptor never has O_APPEND); their `flags`
//     are RWF_* flags passed to preadv2/pwritev2 (RWF_APPEND: an atomic append). statfs answers for the brick's file system whatever the Loc.
//     readdirp gives ".." no attributes (the root's parent is outside the brick).
//   * Permissions: the brick runs as root. The fops of a pinned peer (a non-root unix peer
//     that talks to the brick directly, Request::enforce_permissions) are checked with its
//     credentials as the kernel would (permission_rules.hpp): search on the directory of a
//     named entry, open/create by access mode and O_TRUNC, new and removed names (sticky bit
//     included), rename, link, setattr, user.* xattrs, opendir. Intermediate directories of a
//     path and objects reached by gfid alone are not checked (gfid resolution skips them).
//     Every other request is served as asked: its kernel checked it (FUSE default_permissions).
// Thread-safety: fops may run concurrently from any thread; init runs alone.
#pragma once

#include <sys/stat.h>

#include <optional>

#include "core/engine/xlator.hpp"
#include "core/xlators/storage/posix/brick_iatt.hpp"
#include "core/xlators/storage/posix/entry.hpp"
#include "core/xlators/storage/posix/gfid_index.hpp"
#include "core/xlators/storage/posix/lock_wait_threads.hpp"
#include "core/xlators/storage/posix/open_file.hpp"
#include "core/xlators/storage/posix/resolver.hpp"
#include "core/xlators/storage/posix/striped_mutex.hpp"
#include "core/xlators/storage/posix/unique_fd.hpp"
#include "core/xlators/storage/posix/xattr_target.hpp"

namespace booster {

class Posix final : public Xlator {
public:
    Status init() override;
    // A brick is ready as soon as its parents are: it reports CHILD_UP to them.
    void notify(Event event, Xlator* from) override;
    void fini() override;
    // splice(2) from the file: its pages go to the pipe by reference, not copied.
    Result<std::size_t> read_to_pipe(const Request& req, Fd& fd, int pipe, std::size_t length, off_t offset) override;
    // The descriptor of an opened regular file (anonymous fds and directories: ENOTSUP). It
    // has the client's access mode and no O_APPEND (brick_open_flags), as readv/writev use it.
    Result<int> descriptor_to_lend(Fd& fd) override;

    // Each fop is a coroutine around its synchronous body `<fop>_sync`, so nothing runs until
    // the task is awaited (a parked, never-resumed fop has no effect). lk's coroutine also
    // waits (lock_fops.cpp); its lk_sync is the attempt that does not block.
#define BOOSTER_POSIX_FOP(name, R, params, args) Task<Result<R>> name params override;
    BOOSTER_FOPS(BOOSTER_POSIX_FOP)
#undef BOOSTER_POSIX_FOP

private:
#define BOOSTER_POSIX_SYNC(name, R, params, args) Result<R> name##_sync params;
    BOOSTER_FOPS(BOOSTER_POSIX_SYNC)
#undef BOOSTER_POSIX_SYNC

    Result<Entry> locate(const Loc& loc, Resolver::Intent intent) const { return resolver_->locate(loc, intent); }
    // The context open/create/opendir installed on `fd`; EBADF if there is none.
    Result<OpenFile*> open_file(Fd& fd) const;
    Result<UniqueFd> open_anonymous(const Request& req, const Fd& fd, int access) const;
    // The kernel descriptor a read or write of `fd` goes through (`access`: O_RDONLY or
    // O_WRONLY): its open file's, or an anonymous fd's object opened for this one call, owned
    // by `once`, which the caller keeps until the call is done.
    Result<int> io_descriptor(const Request& req, Fd& fd, int access, UniqueFd& once) const;
    static Result<std::size_t> read_at(int kernel_fd, IoVecs dst, off_t offset, unsigned flags);
    static Result<std::size_t> splice_at(int kernel_fd, int pipe, std::size_t length, off_t offset);
    static Result<std::size_t> write_at(int kernel_fd, IoVecs src, off_t offset, unsigned flags);
    // write_at, in pieces of write_piece_ (write_pieces.hpp) when the write may go that way.
    Result<std::size_t> write_plain_or_in_pieces(const Fd& fd, int kernel_fd, IoVecs src, off_t offset,
                                                 unsigned flags) const;
    void install(Fd& fd, UniqueFd kernel_fd, const Gfid& gfid, bool is_brick_root) const;

    // The gfid of the object at `e` (stat `st`); a named object without one is given a fresh
    // gfid and indexed.
    Result<Gfid> identity(const Entry& e, const struct stat& st);
    Result<Gfid> adopt(const Entry& e, const struct stat& st);
    Result<Iatt> attr_of(const Entry& e);
    // The gfid of the directory holding a named entry, read from the brick unless known.
    Result<Gfid> parent_gfid(const Entry& e) const;
    Result<Iatt> parent_attr(const Entry& e, const Gfid& parent) const;

    // Creation: the identity for a new object, then what every creation does after the
    // syscall made the object (gfid, owner, mode, index; on failure the object is removed).
    static Result<Gfid> new_gfid(const Loc& loc);
    Result<EntryReply> finish_new(const Entry& e, const Request& req, const Gfid& gfid, mode_t mode, int kernel_fd);
    Status give_to_requester(const Entry& e, const Request& req, const struct stat& parent, mode_t mode,
                             int kernel_fd) const;
    Status index_new(const Entry& e, const Gfid& gfid, const Gfid& parent, bool is_dir);

    // A pinned peer's fops (Request::enforce_permissions) are checked as the kernel would
    // (permission_checks.cpp); for any other request these cost no system call.
    Status permit_lookup(const Request& req, const Entry& e) const;
    Status permit_new_name(const Request& req, const Entry& e, mode_t type) const;
    Status permit_removal(const Request& req, const Entry& e) const;
    Status permit_rename(const Request& req, const Entry& from, const Entry& to, unsigned flags) const;
    Status permit_link(const Request& req, const Entry& source, const Entry& to) const;
    using XattrRule = Status (*)(const struct stat&, const Request&, std::string_view);
    Status permit_xattr(const Request& req, const Entry& e, std::string_view name, XattrRule rule) const;
    Status permit_xattr(const Request& req, int kernel_fd, std::string_view name, XattrRule rule) const;
    // The object at `e` opened as `flags` ask, checked for a pinned peer.
    Result<UniqueFd> open_entry(const Request& req, const Entry& e, int flags) const;
    Result<Iatt> setattr_checked(const Request& req, const Entry& e, const SetAttr& attr);

    Result<Dirents> list(Fd& fd, std::size_t size, std::uint64_t offset, bool with_attrs);
    std::optional<Iatt> listed_attr(const OpenFile& dir, std::string_view name);
    Result<Dict> apply_xattrop(const XattrTarget& target, const Gfid& key, XattrOp op, const Dict& delta);

    UniqueFd brick_;
    std::optional<GfidIndex> index_;
    std::optional<Resolver> resolver_;
    StripedMutex xattrop_locks_;
    bool as_root_ = false;
    std::size_t write_piece_ = 0;  // option write-piece-size; 0: whole writes
    LockWaitThreads lock_waits_;  // last: stopped first, while the rest still serves the waits
};

}  // namespace booster
