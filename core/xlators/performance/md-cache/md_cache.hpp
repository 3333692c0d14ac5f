// performance/md-cache: keeps each inode's attributes from every reply that carries them
// (lookup, stat, fstat, setattr, fsetattr, create, mknod, mkdir, symlink, link) and answers
// stat and fstat from them while they are younger than `timeout` (default 1 s, the FUSE
// mount's attr_timeout: a boosted program's view is no staler than the kernel's).
// Coherence:
//   * close-to-open: open and create drop the file's attributes before they are sent and after
//     the reply, so an fstat after an open always asks the child.
//   * own changes drop the attributes of what they change, before they are sent and again
//     after the reply: writev, flush, fsync, open, fallocate, discard, zerofill, the
//     destination of copy_file_range, setxattr/removexattr/xattrop and their f-variants (ctime);
//     unlink and rmdir (the object and its parent), rename (the object, both parents and the
//     entry it replaced), create, mknod, mkdir, symlink and link (the parent; for create the
//     file the name already had, for link the source). setattr, fsetattr, create and link then
//     keep the attributes of their reply (the state after the change).
//   * a fop that fails drops the attributes it would have kept or changed: it may have
//     half-happened.
//   * a reply is kept only if no drop of that inode happened since before its fop was wound
//     (CachedAttr's generation): a stat racing a write never caches the size before the write.
//   * anything another client changes is seen once the cached attributes are `timeout` old,
//     as through FUSE. readdirp entries' attributes are not kept.
//   * forget_cached (a change made behind the graph's back: a boosted program's engine on this
//     mount, or the holder of a lock this process now takes) drops the attributes and the
//     security.capability answer at once.
// It also answers getxattr of security.capability, which the kernel sends a FUSE mount before
// every write, from what it last heard (a value, or ENODATA) while younger than `timeout`;
// setxattr, removexattr, their f-variants and setattr/fsetattr (a chown clears capabilities)
// forget it, before they are sent and after the reply; another client's change is seen within
// `timeout` (cached_attr.hpp). A file made by this client (create with O_EXCL, mknod) starts
// with the answer ENODATA: nothing can have set the attribute on it yet, and the write that
// usually follows a create needs no round trip for it.
// Place it above write-behind (and io-cache): a writev drops the cache before write-behind
// acknowledges it, so the next fstat reaches write-behind, which includes its queued writes.
// The hit path takes the inode's own mutex only, no global lock, no allocation.
// dump(): "hits=N misses=N capability_hits=N\n" (stat and fstat answered from the cache and
// wound below; security.capability answered from it).
// Thread-safety: as every translator: fops from any thread.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "core/engine/xlator.hpp"
#include "core/xlators/performance/md-cache/cached_attr.hpp"

namespace booster {

class MdCache final : public Xlator {
public:
    Status init() override;
    std::string dump() const override;
    void forget_cached(Inode& inode) override;

    Task<Result<EntryReply>> lookup(const Request& req, const Loc& loc) override;
    Task<Result<Iatt>> stat(const Request& req, const Loc& loc) override;
    Task<Result<Iatt>> fstat(const Request& req, Fd& fd) override;
    Task<Result<Iatt>> setattr(const Request& req, const Loc& loc, const SetAttr& attr) override;
    Task<Result<Iatt>> fsetattr(const Request& req, Fd& fd, const SetAttr& attr) override;
    Task<Result<EntryReply>> create(const Request& req, const Loc& loc, int flags, mode_t mode, mode_t umask,
                                    Fd& fd) override;
    Task<Result<EntryReply>> mknod(const Request& req, const Loc& loc, mode_t mode, dev_t rdev,
                                   mode_t umask) override;
    Task<Result<EntryReply>> mkdir(const Request& req, const Loc& loc, mode_t mode, mode_t umask) override;
    Task<Result<EntryReply>> symlink(const Request& req, std::string_view target, const Loc& loc,
                                     mode_t umask) override;
    Task<Result<EntryReply>> link(const Request& req, const Loc& from, const Loc& to) override;
    Task<Result<Unit>> unlink(const Request& req, const Loc& loc) override;
    Task<Result<Unit>> rmdir(const Request& req, const Loc& loc) override;
    Task<Result<Unit>> rename(const Request& req, const Loc& from, const Loc& to, unsigned flags) override;
    Task<Result<Unit>> open(const Request& req, const Loc& loc, int flags, Fd& fd) override;
    Task<Result<std::size_t>> writev(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags) override;
    Task<Result<Unit>> flush(const Request& req, Fd& fd) override;
    Task<Result<Unit>> fsync(const Request& req, Fd& fd, bool datasync) override;
    Task<Result<Unit>> fallocate(const Request& req, Fd& fd, int mode, off_t offset, off_t length) override;
    Task<Result<Unit>> discard(const Request& req, Fd& fd, off_t offset, off_t length) override;
    Task<Result<Unit>> zerofill(const Request& req, Fd& fd, off_t offset, off_t length) override;
    Task<Result<std::size_t>> copy_file_range(const Request& req, Fd& in, off_t in_offset, Fd& out, off_t out_offset,
                                              std::size_t length, unsigned flags) override;
    Task<Result<std::string>> getxattr(const Request& req, const Loc& loc, std::string_view name) override;
    Task<Result<Unit>> setxattr(const Request& req, const Loc& loc, std::string_view name, std::string_view value,
                                int flags) override;
    Task<Result<Unit>> removexattr(const Request& req, const Loc& loc, std::string_view name) override;
    Task<Result<Unit>> fsetxattr(const Request& req, Fd& fd, std::string_view name, std::string_view value,
                                 int flags) override;
    Task<Result<Unit>> fremovexattr(const Request& req, Fd& fd, std::string_view name) override;
    Task<Result<Dict>> xattrop(const Request& req, const Loc& loc, XattrOp op, const Dict& delta) override;
    Task<Result<Dict>> fxattrop(const Request& req, Fd& fd, XattrOp op, const Dict& delta) override;

private:
    // The inodes a fop changes besides the one whose reply it keeps (null entries are skipped);
    // the Loc or Fd of the fop holds them.
    using Inodes = std::array<Inode*, 3>;
    // Whether the fop changes the inode whose attributes its reply carries.
    enum class Target { kRead, kChanged };

    std::optional<Iatt> hit(Inode* inode);
    void drop(const Inodes& inodes, Inode* named) const;
    // `next`, with `changed` and `named` (the inode a create or rename target name already
    // names: held here, since nothing else may) dropped before it starts and after it completes.
    template <class R>
    Task<Result<R>> changing(Inodes changed, InodeRef named, Task<Result<R>> next);
    // `next`, whose reply's attributes are kept for `target` (dropped if it fails); `changed`
    // and `named` as in changing().
    template <class R>
    Task<Result<R>> keeping(Inode* target, Target kind, Inodes changed, InodeRef named, Task<Result<R>> next);

    // `next` (a getxattr of security.capability), whose answer is kept in `cached`.
    Task<Result<std::string>> remembering_capability(CachedAttr& cached, Task<Result<std::string>> next);
    // `next`, with `inode`'s capability forgotten before it starts and after it completes.
    template <class R>
    Task<Result<R>> forgetting_capability(Inode* inode, Task<Result<R>> next);
    // `next` (a fop that makes `inode` a new file): once it succeeds, the file has no capability.
    Task<Result<EntryReply>> knowing_no_capability(Inode* inode, Task<Result<EntryReply>> next);

    CachedAttr::Clock::duration timeout_{};
    std::atomic<std::uint64_t> hits_{0};
    std::atomic<std::uint64_t> misses_{0};
    std::atomic<std::uint64_t> capability_hits_{0};
};

}  // namespace booster
