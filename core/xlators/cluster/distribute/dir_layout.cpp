// cluster/distribute: reading a directory's layout from its copies, and rewriting it when the
// ranges read leave holes or overlap (or are missing, as on fresh bricks).
#include "core/engine/log.hpp"
#include "core/xlators/cluster/distribute/distribute.hpp"

namespace booster {

Task<Result<Layout>> Distribute::layout_of(const Request& req, const Loc& dir) {
    if (dir.inode)
        if (Placement* p = ctx<Placement>(*dir.inode))
            if (auto known = p->layout()) co_return std::move(*known);
    co_return co_await refresh_layout(req, dir);
}

Task<Result<Layout>> Distribute::refresh_layout(const Request& req, const Loc& dir) {
    auto stored = co_await on_every<std::string>([&](Xlator& x) { return x.getxattr(req, dir, kLayoutXattr); });
    std::vector<std::optional<HashRange>> ranges;
    for (auto& value : stored) ranges.push_back(value ? decode_range(*value) : std::nullopt);
    Layout current(std::move(ranges));
    bool settled = current.complete();
    if (!settled) {
        BLOG(LogLevel::kDebug, "cluster/distribute", "%s: writing the layout of directory %s", name().c_str(),
             dir.gfid.str().c_str());
        current = Layout::equal_split(count());
        const Request as = internal_request(req);
        std::vector<std::string> values;
        for (const auto& r : current.ranges()) values.push_back(encode_range(*r));
        auto written = co_await on_every<Unit>(
            [&](Xlator& x) { return x.setxattr(as, dir, kLayoutXattr, values[index_of(x)], 0); });
        settled = std::all_of(written.begin(), written.end(), [](const Result<Unit>& r) { return r.has_value(); });
    }
    // A layout not yet on every subvolume is used but not kept: the next lookup writes it again.
    if (settled && dir.inode) ctx_or_create<Placement>(*dir.inode).set_layout(current);
    co_return current;
}

}  // namespace booster
