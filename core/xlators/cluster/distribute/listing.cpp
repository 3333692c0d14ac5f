// cluster/distribute: opening and listing a directory: every subvolume's copy in turn, each
// name once (directories from the first subvolume only), linkfiles never.
#include <dirent.h>

#include "core/xlators/cluster/distribute/dirent_cookies.hpp"
#include "core/xlators/cluster/distribute/distribute.hpp"
#include "core/xlators/cluster/distribute/linkfile.hpp"

namespace booster {

Task<Result<Unit>> Distribute::opendir(const Request& req, const Loc& loc, Fd& fd) {
    co_return directory_reply(co_await on_every<Unit>([&](Xlator& x) { return x.opendir(req, loc, fd); }));
}

Task<Result<Dirents>> Distribute::readdir(const Request& req, Fd& fd, std::size_t size, std::uint64_t offset) {
    co_return co_await list(req, fd, size, offset, false);
}

Task<Result<Dirents>> Distribute::readdirp(const Request& req, Fd& fd, std::size_t size, std::uint64_t offset) {
    co_return co_await list(req, fd, size, offset, true);
}

// Each subvolume is read with readdirp, whatever was asked: attributes tell linkfiles apart.
Task<Result<Dirents>> Distribute::list(const Request& req, Fd& fd, std::size_t size, std::uint64_t offset, bool plus) {
    DirentCookies& cookies = ctx_or_create<DirentCookies>(fd, count());
    auto at = cookies.decode(offset);
    if (!at) co_return fail(EINVAL);
    std::size_t i = at->subvolume;
    std::uint64_t from = at->cookie;
    while (i < count()) {
        auto x = subvolume(i);
        if (!x) co_return std::unexpected(x.error());
        auto batch = co_await (*x)->readdirp(req, fd, size, from);
        if (!batch) co_return std::unexpected(batch.error());
        if (batch->empty()) {
            ++i;
            from = 0;
            continue;
        }
        Dirents out;
        for (Dirent& d : *batch) {
            auto keep = co_await keeps(req, fd, i, d);
            if (!keep) co_return std::unexpected(keep.error());
            if (!*keep) continue;
            d.off = cookies.encode({i, d.off});
            if (d.attr) {
                d.attr = with_gfid_ino(*d.attr);
                d.ino = d.attr->ino;
            }
            if (!plus) d.attr.reset();
            out.push_back(std::move(d));
        }
        if (!out.empty()) co_return out;
        from = batch->back().off;
    }
    co_return Dirents{};
}

Task<Result<bool>> Distribute::keeps(const Request& req, Fd& dir, std::size_t subvolume, const Dirent& d) {
    const bool is_dir = d.type == DT_DIR || (d.attr && d.attr->is_dir());
    if (subvolume != 0 && (is_dir || d.name == "." || d.name == "..")) co_return false;
    if (!d.attr) co_return true;
    Loc entry;
    entry.pargfid = dir.inode().gfid();
    entry.name = d.name;
    auto link = co_await linkto_of(req, subvolume, entry, *d.attr);
    if (!link) co_return std::unexpected(link.error());
    co_return !link->has_value();
}

}  // namespace booster
