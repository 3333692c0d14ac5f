// cluster/distribute: making and removing the linkfile of a name, and removing a stale name.
#include "core/xlators/cluster/distribute/distribute.hpp"
#include "core/xlators/cluster/distribute/linkfile.hpp"

namespace booster {

Task<Status> Distribute::make_linkfile(const Request& req, const Loc& at, std::size_t on, std::size_t target,
                                       const Gfid& gfid) {
    auto x = subvolume(on);
    if (!x) co_return std::unexpected(x.error());
    const Request as = internal_request(req);
    Loc link = at;
    link.inode = {};
    link.gfid = gfid;
    auto made = co_await (*x)->mknod(as, link, kLinkfileMode, 0, 0);
    if (!made && made.error().errnum == EEXIST) {
        // Whatever holds the name there (a stale linkfile, a replaced file's data) gives way.
        if (auto removed = co_await remove_name(req, at, on); !removed) co_return removed;
        made = co_await (*x)->mknod(as, link, kLinkfileMode, 0, 0);
    }
    if (!made) co_return std::unexpected(made.error());
    auto named = co_await (*x)->setxattr(as, link, kLinktoXattr, children()[target]->name(), 0);
    if (!named) {
        (void)co_await remove_name(req, at, on);
        co_return std::unexpected(named.error());
    }
    co_return ok();
}

Task<Status> Distribute::remove_name(const Request& req, const Loc& at, std::size_t on) {
    auto x = subvolume(on);
    if (!x) co_return std::unexpected(x.error());
    Loc name = at;
    name.inode = {};
    name.gfid = {};
    auto removed = co_await (*x)->unlink(internal_request(req), name);
    if (!removed && removed.error().errnum != ENOENT) co_return std::unexpected(removed.error());
    co_return ok();
}

}  // namespace booster
