// cluster/distribute (DHT): one namespace over several subvolumes. Each file lives on one
// subvolume, chosen by the hash of its basename (dm_hash) in its directory's layout; every
// directory exists on every subvolume with the same gfid (the one chosen at the top: Loc::gfid,
// generated here when a caller left it null) and carries its layout range on each copy.
//
// Contract, beyond POSIX meaning:
//   * Placement: create/mknod/symlink go to the hashed subvolume. A name whose data is elsewhere
//     (renamed, hard-linked, found by searching) has a linkfile (linkfile.hpp) on its hashed
//     subvolume. Lookup asks the hashed subvolume, follows a linkfile, and on a miss (option
//     lookup-unhashed) asks every subvolume and leaves a linkfile where the name hashes.
//     A nameless lookup (by gfid) asks every subvolume: the one holding a regular file that is
//     not a linkfile holds the data. Where a file's data is, once known, is kept on its inode
//     (placement.hpp) and every fop on the file or its fds goes there: locks (lk, inodelk,
//     entrylk, xattrop) included.
//   * Directories: mkdir goes to the hashed subvolume first, then to the others with the same
//     gfid, then writes the layout (equal ranges, layout.hpp). rmdir, setattr, setxattr and
//     removexattr fan out; a lookup of a directory re-reads its layout, rewrites one with holes
//     or overlaps (or missing, as on fresh bricks), and makes the directory on a subvolume that
//     lacks it. Attributes of a directory are the first subvolume's that is up.
//   * Listing: every subvolume's entries in turn, files from each, directories and "." ".." from
//     the first only, linkfiles never (dirent_cookies.hpp encodes where each entry came from).
//   * Identity: st_ino is derived from the gfid (its last 8 bytes), so that objects of different
//     bricks never share an inode number.
//   * DHT's own xattrs (trusted.glusterfs.dht*) are hidden from listxattr and getxattr and
//     cannot be set or removed from above (EPERM).
//   * Availability: a CHILD_DOWN marks that subvolume down; a fop that needs it fails with
//     ENOTCONN (a listing or directory creation needs them all). CHILD_UP is raised when the
//     first subvolume comes up, CHILD_DOWN when the last one goes down.
//   * statfs sums the subvolumes'.
// Not done (see README): rebalance, layout healing under inodelk, min-free-disk, weighted
// layouts, crash-safe rename, rsync temp-name hashing, lookup-optimize.
// Thread-safety: fops and notify from any thread; init runs alone.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "core/engine/when_all.hpp"
#include "core/engine/xlator.hpp"
#include "core/xlators/cluster/distribute/layout.hpp"
#include "core/xlators/cluster/distribute/placement.hpp"

namespace booster {

class Distribute final : public Xlator {
public:
    Status init() override;
    void notify(Event event, Xlator* from) override;
    std::string dump() const override;

#define BOOSTER_DISTRIBUTE_FOP(name, R, params, args) Task<Result<R>> name params override;
    BOOSTER_FOPS(BOOSTER_DISTRIBUTE_FOP)
#undef BOOSTER_DISTRIBUTE_FOP

private:
    // Where a name or gfid was found: the subvolume holding the object (for a directory: the
    // first one up) and that subvolume's reply.
    struct Found {
        std::size_t subvolume = 0;
        EntryReply reply;
    };

    // Subvolumes.
    std::size_t count() const { return children().size(); }
    // A subvolume that has not reported yet is tried: protocol/client makes the first fops wait
    // for its first connection attempt.
    enum class SubvolumeState : std::uint8_t { kUnknown, kUp, kDown };
    bool is_up(std::size_t i) const { return state_[i].load(std::memory_order_acquire) != SubvolumeState::kDown; }
    // The subvolume, or ENOTCONN when it is down.
    Result<Xlator*> subvolume(std::size_t i) const;
    std::optional<std::size_t> index_of_name(std::string_view subvolume_name) const;
    std::size_t index_of(const Xlator& subvolume) const;
    // The first subvolume up: answers for directories.
    std::size_t authority() const;

    // Lookup (lookup.cpp).
    Task<Result<Found>> find_name(const Request& req, const Loc& loc);
    Task<Result<Found>> find_gfid(const Request& req, const Loc& loc);
    Task<Result<Found>> search_everywhere(const Request& req, const Loc& loc, std::size_t hashed);
    Task<Result<Found>> follow_linkfile(const Request& req, const Loc& loc, std::size_t hashed, Found link);
    Task<Result<Found>> complete_directory(const Request& req, const Loc& loc, Found found);
    // The subvolume name a linkfile points to; nullopt when the object is not a linkfile.
    Task<Result<std::optional<std::string>>> linkto_of(const Request& req, std::size_t subvolume, const Loc& loc,
                                                       const Iatt& attr);
    // Where the object a Loc names lives: a subvolume index or Placement::kDirectory.
    Task<Result<int>> where_is(const Request& req, const Loc& loc);
    Result<std::size_t> fd_subvolume(Fd& fd);
    void remember(const Loc& loc, const Found& found);

    // Layouts (dir_layout.cpp).
    Task<Result<Layout>> layout_of(const Request& req, const Loc& dir);
    Task<Result<Layout>> refresh_layout(const Request& req, const Loc& dir);
    Task<Result<std::size_t>> hashed_subvolume(const Request& req, const Loc& loc);

    // Linkfiles (linkfiles.cpp).
    Task<Status> make_linkfile(const Request& req, const Loc& at, std::size_t on, std::size_t target, const Gfid& gfid);
    Task<Status> remove_name(const Request& req, const Loc& at, std::size_t on);

    // Routing: `call(subvolume)` on the subvolume holding the object (a directory: the
    // authority), or for changes to a directory on every subvolume.
    template <class R, class F>
    Task<Result<R>> on_object(const Request& req, const Loc& loc, F call);
    template <class R, class F>
    Task<Result<R>> on_object_or_every(const Request& req, const Loc& loc, F call);
    template <class R, class F>
    Task<Result<R>> on_fd(Fd& fd, F call);
    template <class R, class F>
    Task<Result<R>> on_fd_or_every(Fd& fd, F call);

    // Fan-out: `call(subvolume)` on every subvolume (ENOTCONN for those down), results in order.
    template <class R, class F>
    Task<std::vector<Result<R>>> on_every(F call);
    // The reply of a fan-out to every subvolume: the first error, else the authority's reply.
    template <class R>
    Result<R> directory_reply(std::vector<Result<R>> results) const;

    // Namespace fops (namespace_fops.cpp).
    using Creation = std::function<Task<Result<EntryReply>>(Xlator& subvolume, const Loc& loc)>;
    Task<Result<EntryReply>> create_on_hashed(const Request& req, const Loc& loc, Creation make);
    Task<Result<Unit>> rename_file(const Request& req, const Loc& from, const Loc& to, unsigned flags,
                                   std::size_t cached);
    Task<Result<Unit>> rename_directory(const Request& req, const Loc& from, const Loc& to, unsigned flags);
    Task<Status> undo_rmdir(const Request& req, const Loc& loc, const Iatt& attr, std::vector<std::size_t> removed);

    // Listing (listing.cpp).
    Task<Result<Dirents>> list(const Request& req, Fd& fd, std::size_t size, std::uint64_t offset, bool plus);
    Task<Result<bool>> keeps(const Request& req, Fd& dir, std::size_t subvolume, const Dirent& d);

    bool lookup_unhashed_ = true;
    std::unique_ptr<std::atomic<SubvolumeState>[]> state_;
    std::atomic<std::size_t> up_count_{0};
};

template <class R, class F>
Task<std::vector<Result<R>>> Distribute::on_every(F call) {
    std::vector<Task<Result<R>>> tasks;
    for (std::size_t i = 0; i < count(); ++i) {
        if (is_up(i)) {
            tasks.push_back(call(*children()[i]));
        } else {
            tasks.push_back(ready<Result<R>>(fail(ENOTCONN)));
        }
    }
    co_return co_await when_all(std::move(tasks));
}

template <class R>
Result<R> Distribute::directory_reply(std::vector<Result<R>> results) const {
    for (auto& r : results)
        if (!r) return std::unexpected(r.error());
    return std::move(results[authority()]);
}

template <class R, class F>
Task<Result<R>> Distribute::on_object(const Request& req, const Loc& loc, F call) {
    auto where = co_await where_is(req, loc);
    if (!where) co_return std::unexpected(where.error());
    auto x = subvolume(*where == Placement::kDirectory ? authority() : static_cast<std::size_t>(*where));
    if (!x) co_return std::unexpected(x.error());
    co_return co_await call(**x);
}

template <class R, class F>
Task<Result<R>> Distribute::on_object_or_every(const Request& req, const Loc& loc, F call) {
    auto where = co_await where_is(req, loc);
    if (!where) co_return std::unexpected(where.error());
    if (*where == Placement::kDirectory) co_return directory_reply(co_await on_every<R>(call));
    auto x = subvolume(static_cast<std::size_t>(*where));
    if (!x) co_return std::unexpected(x.error());
    co_return co_await call(**x);
}

template <class R, class F>
Task<Result<R>> Distribute::on_fd(Fd& fd, F call) {
    auto i = fd_subvolume(fd);
    if (!i) return ready<Result<R>>(std::unexpected(i.error()));
    auto x = subvolume(*i);
    if (!x) return ready<Result<R>>(std::unexpected(x.error()));
    return call(**x);
}

template <class R, class F>
Task<Result<R>> Distribute::on_fd_or_every(Fd& fd, F call) {
    if (!fd.inode().is_dir()) co_return co_await on_fd<R>(fd, call);
    co_return directory_reply(co_await on_every<R>(call));
}

// The caller's request with root's credentials: DHT's own bookkeeping (layouts, linkfiles) is
// done with the brick's authority, not the caller's.
Request internal_request(const Request& req);

// st_ino of an object in a distributed volume: the last 8 bytes of its gfid (as GlusterFS).
Iatt with_gfid_ino(Iatt attr);
Result<Iatt> with_gfid_ino(Result<Iatt> attr);
Result<EntryReply> with_gfid_ino(Result<EntryReply> reply);

}  // namespace booster
