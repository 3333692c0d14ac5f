// performance/stat-prefetch (seed 002): answers the lookups that follow a directory listing
// (`ls -l`: readdir, then one lookup per entry) from the attributes the listing brought.
//
// Cache. readdir and readdirp are both wound down as readdirp (a listing without attributes
// cannot answer a lookup; a readdir caller gets its entries without them), and the entries
// with their attributes are kept in the context of the directory fd (DentryCache in OpenDir),
// freed on releasedir. A read at an offset other than where the previous one ended (seekdir,
// rewinddir) flushes that fd's cache first. A directory's own attributes are kept in its inode
// context (DirState: from a lookup of it, the postparent of a lookup in it, or the "." entry of
// its listing), freed on forget.
// Lookup. A lookup of (parent, name) by the process that opened a directory fd on the parent
// (Request::pid == Fd::pid) is answered from that fd's cache, with the parent's own attributes
// as postparent, and then still wound below from a worker thread (lookup-behind, option
// lookup-behind); if what comes back differs from the answer (gone, another gfid, other
// attributes) the entry is dropped. A lookup of a name not yet cached while a listing read of
// that process is in flight waits for the read (StubQueue) and looks again. Anything else,
// and every lookup with xdata (need_xattr: a listing carries no xattrs), is wound below; the
// reply of a directory lookup refreshes its own attributes.
// Invalidation, once the fop has completed (failed or not, since a failure may have changed
// something). "Entry of X" means X's name in the caches of the fds open on X's parent; the
// parent comes from the Loc or, for fd fops and Locs without one, from the inode table
// (InodeTable::names_of: every name of X). "Grand-parent rule": the entry of the parent,
// because adding or removing a name changes the parent's mtime and ctime.
//   setattr, fsetattr (chmod, fchmod, chown, fchown, truncate, ftruncate, utimens)  entry of X
//   readlink, readv, writev, fsync, setxattr, removexattr, fsetxattr, fremovexattr,
//     xattrop, fxattrop                                                             entry of X
//   unlink        the name; X's other names (nlink); grand-parent rule
//   rmdir         the name; every cache of every fd open on X; grand-parent rule
//   rename        (1) old name, (2) new name, (3) entry of the old parent in its parent,
//                 (4) entry of the new parent in its parent, (5) when X is a directory every
//                 cache of every fd open on it; also the other names of X and of the entry
//                 it replaced
//   create, mknod, mkdir, symlink   the name; grand-parent rule
//   link          the new name; the names of the source (nlink); grand-parent rule (#933)
//   readdir, readdirp  entry of the directory read (its atime)
// Beyond the seed, because they change size, times or nlink as the seed's fops do: flush and
// fsyncdir (as fsync), open with O_TRUNC, fallocate, discard, zerofill, copy_file_range (entry
// of both files). forget_cached (a change made behind the graph's back): entry of X.
// The seed's setdents, getdents and checksum have no counterpart in our fop set: there is no
// fop that writes a directory's entries, readdir/readdirp replace getdents (handled above),
// and no fop checksums a file.
// Races (GlusterFS's later lesson, rule 12): a listing reply is kept only if no entry of that
// directory was invalidated while it was in flight (DirState's generation); a directory's own
// attributes only if no directory was invalidated while their fop was in flight (dir_epoch_).
// A boosted program writes through its own engine, but its close(2) reaches this graph as a
// flush, which drops the file's entry: close-to-open holds for the lister too.
// Limits, as GlusterFS's stat-prefetch: no timeout and no invalidation from other clients; a
// change made through another mount can be answered stale to the process that listed the
// directory until it closes it, at most once per entry when lookup-behind is on (its result
// drops the entry). Names the inode table does not know (a hard link the kernel never looked
// up, an object known by gfid only) cannot be reached. "Process" is Request::pid, which FUSE
// fills with the calling thread's id: another thread of the lister is another process here.
// dump(): "hits=N misses=N waited=N behind=N behind_disagreed=N fills=N fills_dropped=N
// offset_flushes=N open_caches=N directories=N\n" (lookups answered from a cache and wound
// below; lookups that waited for a listing; listing replies kept and dropped; live fd caches
// and directory contexts).
// Thread-safety: as every translator; each directory's state has its own mutex.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/engine/xlator.hpp"
#include "core/xlators/performance/stat-prefetch/dir_state.hpp"
#include "core/xlators/performance/stat-prefetch/lookup_behind.hpp"
#include "core/xlators/performance/stat-prefetch/open_dir.hpp"

namespace booster {

class StatPrefetch final : public Xlator {
public:
    Status init() override;
    void fini() override;
    std::string dump() const override;
    void forget_cached(Inode& inode) override;

    // Cache fill and use (lookup.cpp, listing.cpp).
    Task<Result<EntryReply>> lookup(const Request& req, const Loc& loc) override;
    Task<Result<Unit>> opendir(const Request& req, const Loc& loc, Fd& fd) override;
    Task<Result<Dirents>> readdir(const Request& req, Fd& fd, std::size_t size, std::uint64_t offset) override;
    Task<Result<Dirents>> readdirp(const Request& req, Fd& fd, std::size_t size, std::uint64_t offset) override;

    // Fops that change an object's attributes (attribute_fops.cpp).
    Task<Result<Iatt>> setattr(const Request& req, const Loc& loc, const SetAttr& attr) override;
    Task<Result<Iatt>> fsetattr(const Request& req, Fd& fd, const SetAttr& attr) override;
    Task<Result<std::string>> readlink(const Request& req, const Loc& loc, std::size_t size) override;
    Task<Result<Unit>> open(const Request& req, const Loc& loc, int flags, Fd& fd) override;
    Task<Result<std::size_t>> readv(const Request& req, Fd& fd, IoVecs dst, off_t offset, unsigned flags) override;
    Task<Result<std::size_t>> writev(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags) override;
    Task<Result<Unit>> flush(const Request& req, Fd& fd) override;
    Task<Result<Unit>> fsync(const Request& req, Fd& fd, bool datasync) override;
    Task<Result<Unit>> fsyncdir(const Request& req, Fd& fd, bool datasync) override;
    Task<Result<Unit>> setxattr(const Request& req, const Loc& loc, std::string_view name, std::string_view value,
                                int flags) override;
    Task<Result<Unit>> removexattr(const Request& req, const Loc& loc, std::string_view name) override;
    Task<Result<Unit>> fsetxattr(const Request& req, Fd& fd, std::string_view name, std::string_view value,
                                 int flags) override;
    Task<Result<Unit>> fremovexattr(const Request& req, Fd& fd, std::string_view name) override;
    Task<Result<Dict>> xattrop(const Request& req, const Loc& loc, XattrOp op, const Dict& delta) override;
    Task<Result<Dict>> fxattrop(const Request& req, Fd& fd, XattrOp op, const Dict& delta) override;
    Task<Result<Unit>> fallocate(const Request& req, Fd& fd, int mode, off_t offset, off_t length) override;
    Task<Result<Unit>> discard(const Request& req, Fd& fd, off_t offset, off_t length) override;
    Task<Result<Unit>> zerofill(const Request& req, Fd& fd, off_t offset, off_t length) override;
    Task<Result<std::size_t>> copy_file_range(const Request& req, Fd& in, off_t in_offset, Fd& out,
                                              off_t out_offset, std::size_t length, unsigned flags) override;

    // Fops that add, remove or move names (namespace_fops.cpp).
    Task<Result<Unit>> unlink(const Request& req, const Loc& loc) override;
    Task<Result<Unit>> rmdir(const Request& req, const Loc& loc) override;
    Task<Result<Unit>> rename(const Request& req, const Loc& from, const Loc& to, unsigned flags) override;
    Task<Result<EntryReply>> link(const Request& req, const Loc& from, const Loc& to) override;
    Task<Result<EntryReply>> create(const Request& req, const Loc& loc, int flags, mode_t mode, mode_t umask,
                                    Fd& fd) override;
    Task<Result<EntryReply>> mknod(const Request& req, const Loc& loc, mode_t mode, dev_t rdev,
                                   mode_t umask) override;
    Task<Result<EntryReply>> mkdir(const Request& req, const Loc& loc, mode_t mode, mode_t umask) override;
    Task<Result<EntryReply>> symlink(const Request& req, std::string_view target, const Loc& loc,
                                     mode_t umask) override;

private:
    struct Counters {
        std::atomic<std::uint64_t> hits{0};
        std::atomic<std::uint64_t> misses{0};
        std::atomic<std::uint64_t> waited{0};
        std::atomic<std::uint64_t> behind_disagreed{0};
        std::atomic<std::uint64_t> fills{0};
        std::atomic<std::uint64_t> fills_dropped{0};
        std::atomic<std::uint64_t> offset_flushes{0};
    };

    // lookup.cpp
    Task<Result<EntryReply>> lookup_cached(const Request& req, const Loc& loc, DirState& dir);
    Task<Result<EntryReply>> lookup_below(const Request& req, const Loc& loc);
    void send_behind(const Request& req, const Loc& loc, const Iatt& answered);
    void remember_directories(const Loc& loc, const EntryReply& reply, std::uint64_t epoch);
    void remember_own_stat(Inode& dir, const Iatt& attr, std::uint64_t epoch);

    // listing.cpp
    void remember_listed_self(Inode& dir, const Dirents& listed, std::uint64_t epoch);
    Task<Result<Dirents>> list(const Request& req, Fd& fd, OpenDir& open, std::size_t size, std::uint64_t offset,
                               bool with_attributes);

    // invalidation.cpp: what changed, and so which cached attributes are stale.
    DirState& dir_state(Inode& dir);
    // Name `name` of directory `parent` now names something else, or nothing.
    void stale_name(Inode& parent, std::string_view name);
    // The entries of `object`: every name the table knows, and `parent`/`name` when given.
    void stale_entries(Inode& object, Inode* parent = nullptr, std::string_view name = {});
    // The attributes of `object` changed: its entries and, for a directory, its own attributes.
    void stale_attributes(Inode& object, Inode* parent = nullptr, std::string_view name = {});
    // As stale_attributes, for the object a Loc names (found by (parent, name) if the Loc has
    // no inode).
    void stale_attributes(const Loc& loc);
    // The entries listed from directory `dir` can no longer be trusted (removed, moved).
    void stale_listing(Inode& dir);
    // A name was added to the Loc's parent (namespace_fops.cpp).
    void stale_new_name(const Loc& loc);
    // The object a Loc names, if the Loc or the inode table knows it.
    static InodeRef object_of(const Loc& loc);

    bool lookup_behind_ = true;
    Counters counters_;
    std::atomic<std::size_t> open_caches_{0};
    std::atomic<std::size_t> directories_{0};
    // Moves whenever a directory's own attributes may have changed; a fop that brings a
    // directory's attributes keeps them only if it has not moved meanwhile.
    std::atomic<std::uint64_t> dir_epoch_{0};
    LookupBehind behind_;
};

}  // namespace booster
