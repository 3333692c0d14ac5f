// cluster/distribute: subvolume state, events, routing of fops by the placement of their
// object, and statfs.
#include "core/xlators/cluster/distribute/distribute.hpp"

#include <algorithm>

#include "core/engine/log.hpp"

namespace booster {

Iatt with_gfid_ino(Iatt attr) {
    std::uint64_t ino = 0;
    for (std::size_t i = 8; i < 16; ++i) ino = (ino << 8) | attr.gfid.bytes[i];
    if (ino != 0) attr.ino = ino;
    return attr;
}

Result<Iatt> with_gfid_ino(Result<Iatt> attr) {
    if (attr) *attr = with_gfid_ino(*attr);
    return attr;
}

Result<EntryReply> with_gfid_ino(Result<EntryReply> reply) {
    if (!reply) return reply;
    reply->attr = with_gfid_ino(reply->attr);
    if (reply->postparent) reply->postparent = with_gfid_ino(*reply->postparent);
    return reply;
}

Request internal_request(const Request& req) {
    Request as = req;
    as.uid = 0;
    as.gid = 0;
    as.groups.clear();
    return as;
}

Status Distribute::init() {
    if (children().empty()) return fail(EINVAL);
    lookup_unhashed_ = options().boolean("lookup-unhashed");
    state_ = std::make_unique<std::atomic<SubvolumeState>[]>(count());
    return ok();
}

void Distribute::notify(Event event, Xlator* from) {
    if (event == Event::kParentUp) {
        Xlator::notify(event, from);
        return;
    }
    auto it = std::find(children().begin(), children().end(), from);
    if (it == children().end()) return;
    const auto i = static_cast<std::size_t>(it - children().begin());
    const SubvolumeState now = event == Event::kChildUp ? SubvolumeState::kUp : SubvolumeState::kDown;
    const SubvolumeState before = state_[i].exchange(now);
    if (before == now) return;
    BLOG(LogLevel::kInfo, "cluster/distribute", "%s: subvolume %s %s", name().c_str(), from->name().c_str(),
         now == SubvolumeState::kUp ? "up" : "down");
    if (now == SubvolumeState::kUp && up_count_.fetch_add(1) == 0) notify_parents(Event::kChildUp);
    if (before == SubvolumeState::kUp && up_count_.fetch_sub(1) == 1) notify_parents(Event::kChildDown);
}

std::string Distribute::dump() const {
    std::string out;
    for (std::size_t i = 0; i < count(); ++i)
        out += children()[i]->name() + (is_up(i) ? " up\n" : " down\n");
    return out;
}

Result<Xlator*> Distribute::subvolume(std::size_t i) const {
    if (i >= count() || !is_up(i)) return fail(ENOTCONN);
    return children()[i];
}

std::optional<std::size_t> Distribute::index_of_name(std::string_view subvolume_name) const {
    for (std::size_t i = 0; i < count(); ++i)
        if (children()[i]->name() == subvolume_name) return i;
    return std::nullopt;
}

std::size_t Distribute::index_of(const Xlator& subvolume) const {
    return static_cast<std::size_t>(std::find(children().begin(), children().end(), &subvolume) - children().begin());
}

std::size_t Distribute::authority() const {
    for (std::size_t i = 0; i < count(); ++i)
        if (is_up(i)) return i;
    return 0;
}

void Distribute::remember(const Loc& loc, const Found& found) {
    if (!loc.inode) return;
    const int where = found.reply.attr.is_dir() ? Placement::kDirectory : static_cast<int>(found.subvolume);
    ctx_or_create<Placement>(*loc.inode).set_where(where);
}

Task<Result<int>> Distribute::where_is(const Request& req, const Loc& loc) {
    if (loc.inode) {
        if (Placement* p = ctx<Placement>(*loc.inode); p && p->where() != Placement::kUnknown) co_return p->where();
        if (loc.inode->is_dir()) co_return Placement::kDirectory;
    }
    const bool named = !loc.name.empty() && (loc.parent || !loc.pargfid.is_null());
    auto found = named ? co_await find_name(req, loc) : co_await find_gfid(req, loc);
    if (!found) co_return std::unexpected(found.error());
    remember(loc, *found);
    co_return found->reply.attr.is_dir() ? Placement::kDirectory : static_cast<int>(found->subvolume);
}

Result<std::size_t> Distribute::fd_subvolume(Fd& fd) {
    if (fd.inode().is_dir()) return authority();
    Placement* p = ctx<Placement>(fd.inode());
    if (p == nullptr || p->where() < 0) return fail(EBADFD);
    return static_cast<std::size_t>(p->where());
}

Task<Result<Statvfs>> Distribute::statfs(const Request& req, const Loc& loc) {
    auto all = co_await on_every<Statvfs>([&](Xlator& x) { return x.statfs(req, loc); });
    Statvfs sum{};
    bool any = false;
    for (auto& r : all) {
        if (!r) co_return std::unexpected(r.error());
        const unsigned long unit = r->f_frsize != 0 ? r->f_frsize : r->f_bsize;
        if (!any) {
            sum = *r;
            sum.f_blocks = sum.f_bfree = sum.f_bavail = sum.f_files = sum.f_ffree = sum.f_favail = 0;
            sum.f_frsize = unit;
            any = true;
        }
        // Block counts in the first subvolume's unit.
        const auto scale = [&](fsblkcnt_t blocks) { return blocks * unit / sum.f_frsize; };
        sum.f_blocks += scale(r->f_blocks);
        sum.f_bfree += scale(r->f_bfree);
        sum.f_bavail += scale(r->f_bavail);
        sum.f_files += r->f_files;
        sum.f_ffree += r->f_ffree;
        sum.f_favail += r->f_favail;
        sum.f_namemax = std::min(sum.f_namemax, r->f_namemax);
    }
    co_return sum;
}

}  // namespace booster
