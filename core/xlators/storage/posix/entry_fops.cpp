// storage/posix: fops that find or create a name (lookup, mknod, mkdir, symlink, create,
// link) and the steps every creation shares.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>

#include "core/xlators/storage/posix/gfid_xattr.hpp"
#include "core/xlators/storage/posix/posix.hpp"

namespace booster {

namespace {

constexpr mode_t kPermissionBits = 07777;

void remove_new(const Entry& e, bool is_dir) { (void)::unlinkat(e.dir, e.name.c_str(), is_dir ? AT_REMOVEDIR : 0); }

Result<struct stat> stat_new(const Entry& e, int kernel_fd) {
    if (kernel_fd < 0) return e.stat();
    struct stat st {};
    if (::fstat(kernel_fd, &st) != 0) return fail_errno();
    return st;
}

}  // namespace

Result<Gfid> Posix::new_gfid(const Loc& loc) {
    if (loc.gfid == Gfid::root()) return fail(EINVAL);
    return loc.gfid.is_null() ? Gfid::random() : loc.gfid;
}

Status Posix::give_to_requester(const Entry& e, const Request& req, const struct stat& parent, mode_t mode,
                                int kernel_fd) const {
    if (as_root_) {
        // In a set-group-ID directory the kernel already gave the new object the directory's group.
        const gid_t gid = (parent.st_mode & S_ISGID) != 0 ? static_cast<gid_t>(-1) : req.gid;
        const int rc = kernel_fd >= 0 ? ::fchown(kernel_fd, req.uid, gid)
                                      : ::fchownat(e.dir, e.name.c_str(), req.uid, gid, AT_SYMLINK_NOFOLLOW);
        if (rc != 0) return fail_errno();
    }
    auto st = stat_new(e, kernel_fd);
    if (!st) return std::unexpected(st.error());
    if (S_ISLNK(st->st_mode)) return ok();
    // The process umask and chown's clearing of set-ID bits may have changed the mode.
    const mode_t wanted = (mode & kPermissionBits) | (S_ISDIR(st->st_mode) ? st->st_mode & S_ISGID : 0);
    if ((st->st_mode & kPermissionBits) == wanted) return ok();
    const int rc = kernel_fd >= 0 ? ::fchmod(kernel_fd, wanted)
                                  : ::fchmodat(e.dir, e.name.c_str(), wanted, AT_SYMLINK_NOFOLLOW);
    if (rc != 0) return fail_errno();
    return ok();
}

Result<EntryReply> Posix::finish_new(const Entry& e, const Request& req, const Gfid& gfid, mode_t mode,
                                     int kernel_fd) {
    const XattrTarget target = kernel_fd >= 0 ? XattrTarget::descriptor(kernel_fd) : XattrTarget::path(e.proc_path());
    auto made = stat_new(e, kernel_fd);
    if (!made) return std::unexpected(made.error());
    const bool is_dir = S_ISDIR(made->st_mode);
    bool indexed = false;
    auto reply = [&]() -> Result<EntryReply> {
        if (auto stored = store_new_gfid(target, gfid); !stored) return std::unexpected(stored.error());
        auto parent = parent_gfid(e);
        if (!parent) return std::unexpected(parent.error());
        auto postparent = parent_attr(e, *parent);
        if (!postparent) return std::unexpected(postparent.error());
        const struct stat parent_st = postparent->to_stat();
        if (auto owned = give_to_requester(e, req, parent_st, mode, kernel_fd); !owned)
            return std::unexpected(owned.error());
        if (auto added = index_new(e, gfid, *parent, is_dir); !added) return std::unexpected(added.error());
        indexed = true;
        auto st = stat_new(e, kernel_fd);
        if (!st) return std::unexpected(st.error());
        return EntryReply{brick_iatt(*st, gfid), *postparent, {}};
    }();
    if (reply) return reply;
    remove_new(e, is_dir);
    if (indexed && is_dir) index_->remove_dir(gfid);
    if (indexed && !is_dir) index_->release_file(gfid);
    return reply;
}

Result<EntryReply> Posix::lookup_sync(const Request& req, const Loc& loc) {
    auto e = locate(loc, Resolver::Intent::kExisting);
    if (!e) return std::unexpected(e.error());
    if (auto allowed = permit_lookup(req, *e); !allowed) return std::unexpected(allowed.error());
    auto st = e->stat();
    if (!st) return std::unexpected(st.error());
    auto gfid = identity(*e, *st);
    if (!gfid) return std::unexpected(gfid.error());
    EntryReply reply{brick_iatt(*st, *gfid), std::nullopt, {}};
    if (!e->is_named()) return reply;
    auto parent = parent_gfid(*e);
    if (!parent) return reply;
    index_->repair(*gfid, *st, e->dir, e->name, *parent);
    if (auto postparent = parent_attr(*e, *parent)) reply.postparent = *postparent;
    return reply;
}

Result<EntryReply> Posix::mknod_sync(const Request& req, const Loc& loc, mode_t mode, dev_t rdev, mode_t umask) {
    auto e = locate(loc, Resolver::Intent::kCreate);
    if (!e) return std::unexpected(e.error());
    if (auto allowed = permit_new_name(req, *e, mode & S_IFMT); !allowed) return std::unexpected(allowed.error());
    auto gfid = new_gfid(loc);
    if (!gfid) return std::unexpected(gfid.error());
    const mode_t perm = mode & kPermissionBits & ~umask;
    if (::mknodat(e->dir, e->name.c_str(), (mode & S_IFMT) | perm, rdev) != 0) return fail_errno();
    return finish_new(*e, req, *gfid, perm, -1);
}

Result<EntryReply> Posix::mkdir_sync(const Request& req, const Loc& loc, mode_t mode, mode_t umask) {
    auto e = locate(loc, Resolver::Intent::kCreate);
    if (!e) return std::unexpected(e.error());
    if (auto allowed = permit_new_name(req, *e, S_IFDIR); !allowed) return std::unexpected(allowed.error());
    auto gfid = new_gfid(loc);
    if (!gfid) return std::unexpected(gfid.error());
    const mode_t perm = mode & kPermissionBits & ~umask;
    if (::mkdirat(e->dir, e->name.c_str(), perm) != 0) return fail_errno();
    return finish_new(*e, req, *gfid, perm, -1);
}

Result<EntryReply> Posix::symlink_sync(const Request& req, std::string_view target, const Loc& loc, mode_t) {
    if (target.empty()) return fail(ENOENT);
    if (target.size() >= PATH_MAX) return fail(ENAMETOOLONG);
    if (target.find('\0') != std::string_view::npos) return fail(EINVAL);
    auto e = locate(loc, Resolver::Intent::kCreate);
    if (!e) return std::unexpected(e.error());
    if (auto allowed = permit_new_name(req, *e, S_IFLNK); !allowed) return std::unexpected(allowed.error());
    auto gfid = new_gfid(loc);
    if (!gfid) return std::unexpected(gfid.error());
    if (::symlinkat(std::string(target).c_str(), e->dir, e->name.c_str()) != 0) return fail_errno();
    return finish_new(*e, req, *gfid, 0777, -1);
}

Result<EntryReply> Posix::create_sync(const Request& req, const Loc& loc, int flags, mode_t mode, mode_t umask,
                                      Fd& fd) {
    auto e = locate(loc, Resolver::Intent::kCreate);
    if (!e) return std::unexpected(e.error());
    if (auto allowed = permit_new_name(req, *e, S_IFREG); !allowed) return std::unexpected(allowed.error());
    auto gfid = new_gfid(loc);
    if (!gfid) return std::unexpected(gfid.error());
    const mode_t perm = mode & kPermissionBits & ~umask;
    UniqueFd created(::openat(e->dir, e->name.c_str(), brick_open_flags(flags) | O_CREAT | O_EXCL, perm));
    if (created) {
        auto reply = finish_new(*e, req, *gfid, perm, created.get());
        if (reply) install(fd, std::move(created), *gfid, false);
        return reply;
    }
    if (errno != EEXIST || (flags & O_EXCL) != 0) return fail_errno();
    // O_CREAT without O_EXCL on an existing name is an open of what is there.
    auto existing = open_entry(req, *e, flags);
    if (!existing) return std::unexpected(existing.error());
    auto attr = attr_of(*e);
    if (!attr) return std::unexpected(attr.error());
    EntryReply reply{*attr, std::nullopt, {}};
    if (auto parent = parent_gfid(*e))
        if (auto postparent = parent_attr(*e, *parent)) reply.postparent = *postparent;
    install(fd, std::move(*existing), attr->gfid, false);
    return reply;
}

Result<EntryReply> Posix::link_sync(const Request& req, const Loc& from, const Loc& to) {
    auto source = locate(from, Resolver::Intent::kExisting);
    if (!source) return std::unexpected(source.error());
    if (source->is_root()) return fail(EPERM);
    auto e = locate(to, Resolver::Intent::kCreate);
    if (!e) return std::unexpected(e.error());
    if (auto allowed = permit_link(req, *source, *e); !allowed) return std::unexpected(allowed.error());
    if (::linkat(source->dir, source->name.c_str(), e->dir, e->name.c_str(), 0) != 0) return fail_errno();
    auto attr = attr_of(*e);
    if (!attr) return std::unexpected(attr.error());
    auto parent = parent_gfid(*e);
    if (!parent) return std::unexpected(parent.error());
    auto postparent = parent_attr(*e, *parent);
    if (!postparent) return std::unexpected(postparent.error());
    return EntryReply{*attr, *postparent, {}};
}

}  // namespace booster
