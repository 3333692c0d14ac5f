// stat-prefetch: fops that add, remove or move names. Each drops the names it touched, the
// entries of the objects whose link count or ctime changed, and applies the grand-parent rule
// (the parent's own entry in its parent: its mtime and ctime changed), once it has completed.
// The objects are found before the fop is wound, while their names still lead to them.
#include <fcntl.h>

#include "core/xlators/performance/stat-prefetch/after_fop.hpp"
#include "core/xlators/performance/stat-prefetch/stat_prefetch.hpp"

namespace booster {

Task<Result<Unit>> StatPrefetch::unlink(const Request& req, const Loc& loc) {
    InodeRef object = object_of(loc);
    Result<Unit> r = co_await first_child().unlink(req, loc);
    if (loc.parent) stale_name(*loc.parent, loc.name);
    if (object) stale_attributes(*object);  // its other names: one link fewer
    if (loc.parent) stale_attributes(*loc.parent);
    co_return r;
}

Task<Result<Unit>> StatPrefetch::rmdir(const Request& req, const Loc& loc) {
    InodeRef object = object_of(loc);
    Result<Unit> r = co_await first_child().rmdir(req, loc);
    if (loc.parent) stale_name(*loc.parent, loc.name);
    if (object) stale_listing(*object);
    if (loc.parent) stale_attributes(*loc.parent);
    co_return r;
}

Task<Result<Unit>> StatPrefetch::rename(const Request& req, const Loc& from, const Loc& to, unsigned flags) {
    InodeRef moved = object_of(from);
    InodeRef replaced = object_of(to);
    Result<Unit> r = co_await first_child().rename(req, from, to, flags);
    if (from.parent) stale_name(*from.parent, from.name);  // (1)
    if (to.parent) stale_name(*to.parent, to.name);        // (2)
    if (from.parent) stale_attributes(*from.parent);       // (3)
    if (to.parent) stale_attributes(*to.parent);           // (4)
    if (moved) {
        if (moved->is_dir()) stale_listing(*moved);  // (5)
        stale_attributes(*moved);                    // ctime; its other names
    }
    if (replaced && replaced != moved) stale_attributes(*replaced);  // one link fewer
    co_return r;
}

Task<Result<EntryReply>> StatPrefetch::link(const Request& req, const Loc& from, const Loc& to) {
    InodeRef source = object_of(from);
    Result<EntryReply> r = co_await first_child().link(req, from, to);
    if (to.parent) stale_name(*to.parent, to.name);
    if (source) stale_attributes(*source);  // one link more, under every name
    if (to.parent) stale_attributes(*to.parent);
    co_return r;
}

Task<Result<EntryReply>> StatPrefetch::create(const Request& req, const Loc& loc, int flags, mode_t mode,
                                              mode_t umask, Fd& fd) {
    // Without O_EXCL an existing file is opened, and truncated with O_TRUNC, under all its names.
    InodeRef existing = (flags & O_TRUNC) != 0 ? loc.existing_child() : InodeRef();
    Result<EntryReply> r = co_await first_child().create(req, loc, flags, mode, umask, fd);
    stale_new_name(loc);
    if (existing) stale_attributes(*existing);
    co_return r;
}

Task<Result<EntryReply>> StatPrefetch::mknod(const Request& req, const Loc& loc, mode_t mode, dev_t rdev,
                                             mode_t umask) {
    return after_fop(first_child().mknod(req, loc, mode, rdev, umask), [this, &loc] { stale_new_name(loc); });
}

Task<Result<EntryReply>> StatPrefetch::mkdir(const Request& req, const Loc& loc, mode_t mode, mode_t umask) {
    return after_fop(first_child().mkdir(req, loc, mode, umask), [this, &loc] { stale_new_name(loc); });
}

Task<Result<EntryReply>> StatPrefetch::symlink(const Request& req, std::string_view target, const Loc& loc,
                                               mode_t umask) {
    return after_fop(first_child().symlink(req, target, loc, umask), [this, &loc] { stale_new_name(loc); });
}

// The name (a stale entry of an object removed elsewhere may hold it) and the grand-parent rule.
void StatPrefetch::stale_new_name(const Loc& loc) {
    if (!loc.parent) return;
    stale_name(*loc.parent, loc.name);
    stale_attributes(*loc.parent);
}

}  // namespace booster
