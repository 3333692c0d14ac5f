// cluster/distribute: finding a name or a gfid (lookup, and the resolution every other fop on
// an object relies on), linkfile following, and completing a directory on every subvolume.
#include "core/engine/log.hpp"
#include "core/xlators/cluster/distribute/distribute.hpp"
#include "core/xlators/cluster/distribute/dm_hash.hpp"
#include "core/xlators/cluster/distribute/linkfile.hpp"

namespace booster {

namespace {

bool is_named(const Loc& loc) { return !loc.name.empty() && (loc.parent || !loc.pargfid.is_null()); }

}  // namespace

Task<Result<EntryReply>> Distribute::lookup(const Request& req, const Loc& loc) {
    auto found = is_named(loc) ? co_await find_name(req, loc) : co_await find_gfid(req, loc);
    if (!found) co_return std::unexpected(found.error());
    remember(loc, *found);
    co_return with_gfid_ino(std::move(found->reply));
}

Task<Result<Distribute::Found>> Distribute::find_name(const Request& req, const Loc& loc) {
    auto hashed = co_await hashed_subvolume(req, loc);
    if (!hashed) co_return std::unexpected(hashed.error());
    auto x = subvolume(*hashed);
    if (!x) co_return std::unexpected(x.error());
    auto reply = co_await (*x)->lookup(req, loc);
    if (!reply) {
        if (reply.error().errnum == ENOENT && lookup_unhashed_) co_return co_await search_everywhere(req, loc, *hashed);
        co_return std::unexpected(reply.error());
    }
    Found found{*hashed, std::move(*reply)};
    if (found.reply.attr.is_dir()) co_return co_await complete_directory(req, loc, std::move(found));
    auto link = co_await linkto_of(req, *hashed, loc, found.reply.attr);
    if (!link) co_return std::unexpected(link.error());
    if (*link) co_return co_await follow_linkfile(req, loc, *hashed, std::move(found));
    co_return found;
}

Task<Result<Distribute::Found>> Distribute::follow_linkfile(const Request& req, const Loc& loc, std::size_t hashed,
                                                            Found link) {
    auto target_name = co_await linkto_of(req, hashed, loc, link.reply.attr);
    if (!target_name) co_return std::unexpected(target_name.error());
    if (auto target = *target_name ? index_of_name(**target_name) : std::nullopt; target && *target != hashed) {
        auto x = subvolume(*target);
        if (!x) co_return std::unexpected(x.error());
        auto reply = co_await (*x)->lookup(req, loc);
        if (reply && reply->attr.gfid == link.reply.attr.gfid && !looks_like_linkfile(reply->attr))
            co_return Found{*target, std::move(*reply)};
        if (!reply && reply.error().errnum != ENOENT) co_return std::unexpected(reply.error());
    }
    // A stale linkfile: its target is gone or names no subvolume of this volume.
    BLOG(LogLevel::kWarning, "cluster/distribute", "%s: stale linkfile '%s' on %s", name().c_str(), loc.name.c_str(),
         children()[hashed]->name().c_str());
    co_return co_await search_everywhere(req, loc, hashed);
}

Task<Result<Distribute::Found>> Distribute::search_everywhere(const Request& req, const Loc& loc, std::size_t hashed) {
    auto all = co_await on_every<EntryReply>([&](Xlator& x) { return x.lookup(req, loc); });
    for (std::size_t i = 0; i < all.size(); ++i)
        if (all[i] && all[i]->attr.is_dir()) co_return co_await complete_directory(req, loc, Found{i, std::move(*all[i])});
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (!all[i]) continue;
        auto link = co_await linkto_of(req, i, loc, all[i]->attr);
        if (!link) co_return std::unexpected(link.error());
        if (*link) continue;
        if (i != hashed && is_named(loc)) {
            if (auto made = co_await make_linkfile(req, loc, hashed, i, all[i]->attr.gfid); !made)
                BLOG(LogLevel::kWarning, "cluster/distribute", "%s: no linkfile for '%s' on %s (errno %d)",
                     name().c_str(), loc.name.c_str(), children()[hashed]->name().c_str(), made.error().errnum);
        }
        co_return Found{i, std::move(*all[i])};
    }
    // By gfid, a subvolume that could not answer may hold the data; a name that is missing on
    // its hashed subvolume is missing (as in GlusterFS), so that creations go on.
    if (!is_named(loc))
        for (auto& r : all)
            if (!r && r.error().errnum != ENOENT) co_return std::unexpected(r.error());
    co_return fail(ENOENT);
}

Task<Result<Distribute::Found>> Distribute::find_gfid(const Request& req, const Loc& loc) {
    co_return co_await search_everywhere(req, loc, count());
}

Task<Result<Distribute::Found>> Distribute::complete_directory(const Request& req, const Loc& loc, Found found) {
    auto all = co_await on_every<EntryReply>([&](Xlator& x) { return x.lookup(req, loc); });
    const Iatt& attr = found.reply.attr;
    Loc dir = loc;
    dir.gfid = attr.gfid;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (all[i] || all[i].error().errnum != ENOENT || !is_named(loc)) continue;
        // A directory missing on a subvolume (made while it was down, or a new brick): made
        // there with the same identity, owner and mode.
        Request owner = req;
        owner.uid = attr.uid;
        owner.gid = attr.gid;
        all[i] = co_await children()[i]->mkdir(owner, dir, attr.mode & 07777, 0);
    }
    if (auto layout = co_await refresh_layout(req, dir); !layout)
        BLOG(LogLevel::kWarning, "cluster/distribute", "%s: no layout for directory %s (errno %d)", name().c_str(),
             attr.gfid.str().c_str(), layout.error().errnum);
    const std::size_t first = authority();
    if (all[first] && all[first]->attr.gfid == attr.gfid) co_return Found{first, std::move(*all[first])};
    co_return found;
}

Task<Result<std::optional<std::string>>> Distribute::linkto_of(const Request& req, std::size_t i, const Loc& loc,
                                                               const Iatt& attr) {
    if (!looks_like_linkfile(attr)) co_return std::nullopt;
    auto x = subvolume(i);
    if (!x) co_return std::unexpected(x.error());
    Loc object = loc;
    object.gfid = attr.gfid;
    auto target = co_await (*x)->getxattr(req, object, kLinktoXattr);
    if (target) co_return std::optional<std::string>(std::move(*target));
    if (target.error().errnum == ENODATA) co_return std::nullopt;
    co_return std::unexpected(target.error());
}

Task<Result<std::size_t>> Distribute::hashed_subvolume(const Request& req, const Loc& loc) {
    Loc dir;
    dir.inode = loc.parent;
    dir.gfid = !loc.pargfid.is_null() ? loc.pargfid : loc.parent ? loc.parent->gfid() : Gfid{};
    if (dir.gfid.is_null() || loc.name.empty()) co_return fail(EINVAL);
    auto layout = co_await layout_of(req, dir);
    if (!layout) co_return std::unexpected(layout.error());
    auto i = layout->subvolume_of(dm_hash(loc.name));
    if (!i) co_return fail(EIO);
    co_return *i;
}

}  // namespace booster
