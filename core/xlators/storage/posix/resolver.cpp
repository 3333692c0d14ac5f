#include "core/xlators/storage/posix/resolver.hpp"

#include "core/xlators/storage/posix/brick_path.hpp"
#include "core/xlators/storage/posix/gfid_xattr.hpp"

namespace booster {

namespace {

int private_dir_error(Resolver::Intent intent, bool names_it) {
    return intent == Resolver::Intent::kCreate && names_it ? EPERM : ENOENT;
}

}  // namespace

Gfid gfid_of(const Loc& loc) {
    if (!loc.gfid.is_null()) return loc.gfid;
    return loc.inode ? loc.inode->gfid() : Gfid{};
}

Result<Entry> Resolver::locate(const Loc& loc, Intent intent) const {
    if (!loc.path.empty()) return by_path(loc, intent);
    const Gfid parent_gfid = loc.parent_gfid();
    if (!loc.name.empty() && !parent_gfid.is_null()) return by_parent(parent_gfid, loc.name, intent);
    const Gfid gfid = gfid_of(loc);
    if (intent == Intent::kExisting && !gfid.is_null()) return by_gfid(gfid);
    return fail(EINVAL);
}

Result<Entry> Resolver::directory(const Gfid& gfid) const {
    auto hit = index_.find(gfid);
    if (!hit) return std::unexpected(hit.error());
    if (!std::holds_alternative<DirPath>(*hit)) return fail(ENOTDIR);
    return dir_at(std::get<DirPath>(*hit).rel, gfid);
}

Entry Resolver::root() const {
    Entry e;
    e.dir = brick_fd_;
    e.name = ".";
    e.kind = Entry::Kind::kRoot;
    return e;
}

Result<Entry> Resolver::by_path(const Loc& loc, Intent intent) const {
    auto parts = split_path(loc.path);
    if (!parts) return std::unexpected(parts.error());
    if (parts->name.empty()) {
        if (intent == Intent::kCreate) return fail(EEXIST);
        return root();
    }
    if (reaches_private_dir(*parts)) return fail(private_dir_error(intent, parts->parent.empty()));
    // A deeper parent's gfid is read from the brick when needed, never taken from the Loc: the
    // index is repaired from it.
    return named(parts->parent, parts->name, parts->parent.empty() ? Gfid::root() : Gfid{});
}

Result<Entry> Resolver::by_parent(const Gfid& parent_gfid, const std::string& name, Intent intent) const {
    if (auto checked = check_name(name); !checked) return std::unexpected(checked.error());
    if (parent_gfid == Gfid::root()) {
        if (name == kPrivateDirName) return fail(private_dir_error(intent, true));
        return named({}, name, parent_gfid);
    }
    auto parent = directory(parent_gfid);
    if (!parent) return std::unexpected(parent.error());
    if (parent->is_root()) return named({}, name, parent_gfid);
    auto dir = open_dir_beneath(parent->dir, parent->name);
    if (!dir) return std::unexpected(dir.error());
    Entry e;
    e.dir = dir->get();
    e.owned_dir = std::move(*dir);
    e.name = name;
    e.parent_gfid = parent_gfid;
    return e;
}

Result<Entry> Resolver::by_gfid(const Gfid& gfid) const {
    auto hit = index_.find(gfid);
    if (!hit) return std::unexpected(hit.error());
    if (auto* handle = std::get_if<Entry>(&*hit)) return std::move(*handle);
    return dir_at(std::get<DirPath>(*hit).rel, gfid);
}

Result<Entry> Resolver::named(const std::string& parent_rel, const std::string& name, const Gfid& parent_gfid) const {
    Entry e;
    e.name = name;
    e.parent_gfid = parent_gfid;
    if (parent_rel.empty()) {
        e.dir = brick_fd_;
        return e;
    }
    auto dir = open_dir_beneath(brick_fd_, parent_rel);
    if (!dir) return std::unexpected(dir.error());
    e.dir = dir->get();
    e.owned_dir = std::move(*dir);
    return e;
}

Result<Entry> Resolver::dir_at(const std::string& rel, const Gfid& expected) const {
    if (rel.empty()) return root();
    auto parts = split_path("/" + rel);
    if (!parts) return std::unexpected(parts.error());
    if (reaches_private_dir(*parts)) return fail(ESTALE);
    auto e = named(parts->parent, parts->name, parts->parent.empty() ? Gfid::root() : Gfid{});
    if (!e) return e;
    if (read_gfid(XattrTarget::path(e->proc_path())) != expected) return fail(ESTALE);
    return e;
}

}  // namespace booster
