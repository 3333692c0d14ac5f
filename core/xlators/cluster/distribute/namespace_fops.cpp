// cluster/distribute: fops that make, remove or move names: files on their hashed subvolume,
// directories on every subvolume, linkfiles where a name hashes away from its data.
#include <linux/fs.h>

#include "core/engine/log.hpp"
#include "core/xlators/cluster/distribute/distribute.hpp"
#include "core/xlators/cluster/distribute/linkfile.hpp"

namespace booster {

namespace {

// The identity of a new object, chosen once here when the caller did not choose it, so that
// every subvolume stores the same one.
Loc with_identity(const Loc& loc) {
    Loc l = loc;
    if (l.gfid.is_null()) l.gfid = Gfid::random();
    return l;
}

bool same_name(const Loc& a, const Loc& b) {
    const Gfid pa = !a.pargfid.is_null() ? a.pargfid : a.parent ? a.parent->gfid() : Gfid{};
    const Gfid pb = !b.pargfid.is_null() ? b.pargfid : b.parent ? b.parent->gfid() : Gfid{};
    return pa == pb && a.name == b.name;
}

}  // namespace

Task<Result<EntryReply>> Distribute::create_on_hashed(const Request& req, const Loc& loc, Creation make) {
    const Loc l = with_identity(loc);
    auto hashed = co_await hashed_subvolume(req, l);
    if (!hashed) co_return std::unexpected(hashed.error());
    auto x = subvolume(*hashed);
    if (!x) co_return std::unexpected(x.error());
    auto made = co_await make(**x, l);
    if (made && loc.inode) ctx_or_create<Placement>(*loc.inode).set_where(static_cast<int>(*hashed));
    co_return with_gfid_ino(std::move(made));
}

Task<Result<EntryReply>> Distribute::create(const Request& req, const Loc& loc, int flags, mode_t mode, mode_t umask,
                                            Fd& fd) {
    auto made = co_await create_on_hashed(
        req, loc, [&](Xlator& x, const Loc& l) { return x.create(req, l, flags, mode, umask, fd); });
    if (made && loc.inode)
        if (Placement* p = ctx<Placement>(*loc.inode)) ctx_or_create<Placement>(fd.inode()).set_where(p->where());
    co_return made;
}

Task<Result<EntryReply>> Distribute::mknod(const Request& req, const Loc& loc, mode_t mode, dev_t rdev, mode_t umask) {
    co_return co_await create_on_hashed(req, loc, [&](Xlator& x, const Loc& l) { return x.mknod(req, l, mode, rdev, umask); });
}

Task<Result<EntryReply>> Distribute::symlink(const Request& req, std::string_view target, const Loc& loc,
                                             mode_t umask) {
    co_return co_await create_on_hashed(req, loc, [&](Xlator& x, const Loc& l) { return x.symlink(req, target, l, umask); });
}

Task<Result<EntryReply>> Distribute::mkdir(const Request& req, const Loc& loc, mode_t mode, mode_t umask) {
    const Loc l = with_identity(loc);
    auto hashed = co_await hashed_subvolume(req, l);
    if (!hashed) co_return std::unexpected(hashed.error());
    auto x = subvolume(*hashed);
    if (!x) co_return std::unexpected(x.error());
    auto first = co_await (*x)->mkdir(req, l, mode, umask);
    if (!first) co_return std::unexpected(first.error());
    Xlator* const made_first = *x;
    auto others = co_await on_every<EntryReply>([&](Xlator& s) {
        return &s == made_first ? ready<Result<EntryReply>>(*first) : s.mkdir(req, l, mode, umask);
    });
    // A subvolume down gets the directory at a later lookup; any other failure undoes it all.
    for (auto& r : others) {
        if (r || r.error().errnum == ENOTCONN || r.error().errnum == EEXIST) continue;
        const int failed = r.error().errnum;
        for (std::size_t i = 0; i < others.size(); ++i)
            if (others[i]) (void)co_await children()[i]->rmdir(internal_request(req), l);
        co_return fail(failed);
    }
    if (auto layout = co_await refresh_layout(req, l); !layout) co_return std::unexpected(layout.error());
    if (loc.inode) ctx_or_create<Placement>(*loc.inode).set_where(Placement::kDirectory);
    co_return with_gfid_ino(std::move(first));
}

Task<Result<Unit>> Distribute::rmdir(const Request& req, const Loc& loc) {
    auto hashed = co_await hashed_subvolume(req, loc);
    if (!hashed) co_return std::unexpected(hashed.error());
    auto x = subvolume(*hashed);
    if (!x) co_return std::unexpected(x.error());
    auto attr = co_await (*x)->lookup(req, loc);
    if (!attr) co_return std::unexpected(attr.error());
    Xlator* const last = *x;
    // Every other copy first, the hashed one last: until it goes, the directory is still there.
    auto others = co_await on_every<Unit>(
        [&](Xlator& s) { return &s == last ? ready<Result<Unit>>(Unit{}) : s.rmdir(req, loc); });
    std::vector<std::size_t> removed;
    std::optional<Error> failed;
    for (std::size_t i = 0; i < others.size(); ++i) {
        if (others[i] && children()[i] != last) removed.push_back(i);
        if (!others[i] && others[i].error().errnum != ENOENT) failed = others[i].error();
    }
    if (!failed) {
        auto gone = co_await last->rmdir(req, loc);
        if (gone) co_return Unit{};
        failed = gone.error();
    }
    (void)co_await undo_rmdir(req, loc, attr->attr, std::move(removed));
    co_return std::unexpected(*failed);
}

Task<Status> Distribute::undo_rmdir(const Request& req, const Loc& loc, const Iatt& attr,
                                    std::vector<std::size_t> removed) {
    Request owner = req;
    owner.uid = attr.uid;
    owner.gid = attr.gid;
    Loc dir = loc;
    dir.gfid = attr.gfid;
    for (std::size_t i : removed) {
        if (auto again = co_await children()[i]->mkdir(owner, dir, attr.mode & 07777, 0); !again)
            BLOG(LogLevel::kError, "cluster/distribute", "%s: directory '%s' lost on %s (errno %d)", name().c_str(),
                 loc.name.c_str(), children()[i]->name().c_str(), again.error().errnum);
    }
    if (auto layout = co_await refresh_layout(req, dir); !layout) co_return std::unexpected(layout.error());
    co_return ok();
}

Task<Result<EntryReply>> Distribute::link(const Request& req, const Loc& from, const Loc& to) {
    auto where = co_await where_is(req, from);
    if (!where) co_return std::unexpected(where.error());
    if (*where == Placement::kDirectory) co_return fail(EPERM);
    const auto cached = static_cast<std::size_t>(*where);
    auto hashed = co_await hashed_subvolume(req, to);
    if (!hashed) co_return std::unexpected(hashed.error());
    auto x = subvolume(cached);
    if (!x) co_return std::unexpected(x.error());
    auto linked = co_await (*x)->link(req, from, to);
    if (!linked) co_return std::unexpected(linked.error());
    if (*hashed != cached) {
        if (auto made = co_await make_linkfile(req, to, *hashed, cached, linked->attr.gfid); !made) {
            (void)co_await remove_name(req, to, cached);
            co_return std::unexpected(made.error());
        }
    }
    if (to.inode) ctx_or_create<Placement>(*to.inode).set_where(*where);
    co_return with_gfid_ino(std::move(linked));
}

Task<Result<Unit>> Distribute::unlink(const Request& req, const Loc& loc) {
    auto where = co_await where_is(req, loc);
    if (!where) co_return std::unexpected(where.error());
    if (*where == Placement::kDirectory) co_return fail(EISDIR);
    const auto cached = static_cast<std::size_t>(*where);
    auto hashed = co_await hashed_subvolume(req, loc);
    if (!hashed) co_return std::unexpected(hashed.error());
    auto x = subvolume(cached);
    if (!x) co_return std::unexpected(x.error());
    auto removed = co_await (*x)->unlink(req, loc);
    if (!removed) co_return removed;
    if (*hashed != cached) {
        if (auto link = co_await remove_name(req, loc, *hashed); !link)
            BLOG(LogLevel::kWarning, "cluster/distribute", "%s: linkfile '%s' left on %s (errno %d)", name().c_str(),
                 loc.name.c_str(), children()[*hashed]->name().c_str(), link.error().errnum);
    }
    co_return Unit{};
}

Task<Result<Unit>> Distribute::rename(const Request& req, const Loc& from, const Loc& to, unsigned flags) {
    if (same_name(from, to)) co_return Unit{};
    auto where = co_await where_is(req, from);
    if (!where) co_return std::unexpected(where.error());
    if (*where == Placement::kDirectory) co_return co_await rename_directory(req, from, to, flags);
    co_return co_await rename_file(req, from, to, flags, static_cast<std::size_t>(*where));
}

// The data stays where it is: renamed there, the new name's hashed subvolume gets a linkfile,
// the old name's linkfile and a replaced file's data elsewhere are removed. Not atomic across
// subvolumes (as in GlusterFS): a crash between the steps leaves a stale linkfile or a
// replaced file's data behind.
Task<Result<Unit>> Distribute::rename_file(const Request& req, const Loc& from, const Loc& to, unsigned flags,
                                           std::size_t cached) {
    auto from_hashed = co_await hashed_subvolume(req, from);
    if (!from_hashed) co_return std::unexpected(from_hashed.error());
    auto to_hashed = co_await hashed_subvolume(req, to);
    if (!to_hashed) co_return std::unexpected(to_hashed.error());
    auto existing = co_await find_name(req, to);
    if (!existing && existing.error().errnum != ENOENT) co_return std::unexpected(existing.error());
    const std::optional<std::size_t> replaced =
        existing && !existing->reply.attr.is_dir() ? std::optional(existing->subvolume) : std::nullopt;
    if ((flags & RENAME_NOREPLACE) && existing) co_return fail(EEXIST);
    if ((flags & RENAME_EXCHANGE) &&
        !(replaced == cached && *from_hashed == cached && *to_hashed == cached))
        co_return fail(EXDEV);
    auto x = subvolume(cached);
    if (!x) co_return std::unexpected(x.error());
    auto moved = co_await (*x)->rename(req, from, to, flags);
    if (!moved) co_return moved;
    Gfid gfid = from.gfid;
    if (gfid.is_null() && from.inode) gfid = from.inode->gfid();
    if (gfid.is_null()) {
        // The caller named the source without its identity: the linkfile must carry it.
        auto moved_attr = co_await (*x)->stat(req, to);
        if (moved_attr) gfid = moved_attr->gfid;
    }
    if (replaced && *replaced != cached) (void)co_await remove_name(req, to, *replaced);
    if (*to_hashed != cached) {
        if (auto made = co_await make_linkfile(req, to, *to_hashed, cached, gfid); !made)
            BLOG(LogLevel::kWarning, "cluster/distribute", "%s: no linkfile for '%s' on %s (errno %d)",
                 name().c_str(), to.name.c_str(), children()[*to_hashed]->name().c_str(), made.error().errnum);
    }
    if (*from_hashed != cached) (void)co_await remove_name(req, from, *from_hashed);
    co_return Unit{};
}

Task<Result<Unit>> Distribute::rename_directory(const Request& req, const Loc& from, const Loc& to, unsigned flags) {
    const std::size_t first = authority();
    auto moved = co_await children()[first]->rename(req, from, to, flags);
    if (!moved) co_return moved;
    for (std::size_t i = 0; i < count(); ++i) {
        if (i == first) continue;
        auto x = subvolume(i);
        auto r = x ? co_await (*x)->rename(req, from, to, flags) : Result<Unit>(std::unexpected(x.error()));
        if (!r)
            BLOG(LogLevel::kError, "cluster/distribute", "%s: directory '%s' not renamed on %s (errno %d)",
                 name().c_str(), from.name.c_str(), children()[i]->name().c_str(), r.error().errnum);
    }
    co_return Unit{};
}

}  // namespace booster
