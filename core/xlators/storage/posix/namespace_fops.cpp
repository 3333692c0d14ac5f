// storage/posix: fops that remove or move names (unlink, rmdir, rename), keeping the gfid
// index in step: a file's handle goes with its last name, a directory's with the directory,
// and a renamed directory's handle is pointed at its new parent and name.
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <optional>

#include "core/engine/log.hpp"
#include "core/xlators/storage/posix/gfid_xattr.hpp"
#include "core/xlators/storage/posix/posix.hpp"

namespace booster {

namespace {

// Names are changed only through real names: not the root, not a gfid handle.
Status check_renamable(const Entry& e) {
    if (e.is_root()) return fail(EBUSY);
    if (!e.is_named()) return fail(EINVAL);
    return ok();
}

// What a name held just before a namespace change: the object's type and identity.
struct Occupant {
    struct stat st;
    std::optional<Gfid> gfid;
};

Result<std::optional<Occupant>> occupant(const Entry& e) {
    auto st = e.stat();
    if (!st) {
        if (st.error().errnum == ENOENT) return std::optional<Occupant>();
        return std::unexpected(st.error());
    }
    auto gfid = read_gfid(XattrTarget::path(e.proc_path()));
    return Occupant{*st, gfid ? std::optional<Gfid>(*gfid) : std::nullopt};
}

bool same_object(const struct stat& a, const struct stat& b) { return a.st_ino == b.st_ino && a.st_dev == b.st_dev; }

}  // namespace

Result<Unit> Posix::unlink_sync(const Request& req, const Loc& loc) {
    auto e = locate(loc, Resolver::Intent::kExisting);
    if (!e) return std::unexpected(e.error());
    if (e->is_root()) return fail(EISDIR);
    if (auto named = check_renamable(*e); !named) return std::unexpected(named.error());
    if (auto allowed = permit_removal(req, *e); !allowed) return std::unexpected(allowed.error());
    auto gfid = read_gfid(XattrTarget::path(e->proc_path()));
    if (::unlinkat(e->dir, e->name.c_str(), 0) != 0) return fail_errno();
    if (gfid) index_->release_file(*gfid);
    return Unit{};
}

Result<Unit> Posix::rmdir_sync(const Request& req, const Loc& loc) {
    auto e = locate(loc, Resolver::Intent::kExisting);
    if (!e) return std::unexpected(e.error());
    if (auto named = check_renamable(*e); !named) return std::unexpected(named.error());
    if (auto allowed = permit_removal(req, *e); !allowed) return std::unexpected(allowed.error());
    auto gfid = read_gfid(XattrTarget::path(e->proc_path()));
    if (::unlinkat(e->dir, e->name.c_str(), AT_REMOVEDIR) != 0) return fail_errno();
    if (gfid) index_->remove_dir(*gfid);
    return Unit{};
}

Result<Unit> Posix::rename_sync(const Request& req, const Loc& from, const Loc& to, unsigned flags) {
    if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE)) != 0) return fail(EINVAL);
    auto source = locate(from, Resolver::Intent::kExisting);
    if (!source) return std::unexpected(source.error());
    if (auto named = check_renamable(*source); !named) return std::unexpected(named.error());
    auto target = locate(to, Resolver::Intent::kCreate);
    if (!target) return std::unexpected(target.error());
    if (auto named = check_renamable(*target); !named) return std::unexpected(named.error());
    if (auto allowed = permit_rename(req, *source, *target, flags); !allowed) return std::unexpected(allowed.error());

    auto moved = occupant(*source);
    if (!moved) return std::unexpected(moved.error());
    if (!*moved) return fail(ENOENT);
    auto replaced = occupant(*target);
    if (!replaced) return std::unexpected(replaced.error());
    if (::renameat2(source->dir, source->name.c_str(), target->dir, target->name.c_str(), flags) != 0)
        return fail_errno();
    // Two names of one file: the kernel changed nothing, neither does the index.
    if (*replaced && same_object((*moved)->st, (*replaced)->st)) return Unit{};

    // The rename happened; an index that cannot follow is repaired by the next lookup.
    auto warn = [&](const Status& s) {
        if (!s)
            BLOG(LogLevel::kWarning, "posix", "%s: rename of '%s': index not updated: errno %d", name().c_str(),
                 source->name.c_str(), s.error().errnum);
    };
    if (S_ISDIR((*moved)->st.st_mode) && (*moved)->gfid) {
        auto parent = parent_gfid(*target);
        warn(parent ? index_->move_dir(*(*moved)->gfid, *parent, target->name) : Status(std::unexpected(parent.error())));
    }
    if (!*replaced || !(*replaced)->gfid) return Unit{};
    const Gfid& gone = *(*replaced)->gfid;
    const bool was_dir = S_ISDIR((*replaced)->st.st_mode);
    if ((flags & RENAME_EXCHANGE) != 0) {
        if (!was_dir) return Unit{};
        auto parent = parent_gfid(*source);
        warn(parent ? index_->move_dir(gone, *parent, source->name) : Status(std::unexpected(parent.error())));
    } else if (was_dir) {
        index_->remove_dir(gone);
    } else {
        index_->release_file(gone);
    }
    return Unit{};
}

}  // namespace booster
