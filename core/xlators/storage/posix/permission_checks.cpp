// storage/posix: the permission checks of a pinned peer's fops (Request::enforce_permissions),
// the kernel's rules (permission_rules.hpp) applied to what the brick finds. The brick runs as
// root, so nothing else would refuse such a peer anything. Every other request returns at
// once, without a system call: a FUSE daemon's kernel already checked it.
#include <fcntl.h>
#include <unistd.h>

#include "core/xlators/storage/posix/permission_rules.hpp"
#include "core/xlators/storage/posix/posix.hpp"
#include "core/xlators/storage/posix/stat_descriptor.hpp"

namespace booster {

namespace {

// What a name holds now; nullopt when it is free.
Result<std::optional<struct stat>> occupant_stat(const Entry& e) {
    auto st = e.stat();
    if (st) return std::optional<struct stat>(*st);
    if (st.error().errnum == ENOENT) return std::optional<struct stat>();
    return std::unexpected(st.error());
}

}  // namespace

// Search on the directory a named entry is looked up in. An object reached by its gfid alone
// (the index's handle) has no directory to check: knowing the gfid is what resolution asks.
Status Posix::permit_lookup(const Request& req, const Entry& e) const {
    if (!req.enforce_permissions || !e.is_named()) return ok();
    auto dir = stat_descriptor(e.dir);
    if (!dir) return std::unexpected(dir.error());
    return may_search(*dir, req);
}

// A taken name passes: the creating call then reports EEXIST, or create opens what is there
// through open_entry's check.
Status Posix::permit_new_name(const Request& req, const Entry& e, mode_t type) const {
    if (!req.enforce_permissions || !e.is_named()) return ok();
    if (auto searchable = permit_lookup(req, e); !searchable) return searchable;
    auto taken = occupant_stat(e);
    if (!taken) return std::unexpected(taken.error());
    if (*taken) return ok();
    auto dir = stat_descriptor(e.dir);
    if (!dir) return std::unexpected(dir.error());
    if (auto writable = may_add_name(*dir, req); !writable) return writable;
    return may_make_node(type, req);
}

Status Posix::permit_removal(const Request& req, const Entry& e) const {
    if (!req.enforce_permissions || !e.is_named()) return ok();
    if (auto searchable = permit_lookup(req, e); !searchable) return searchable;
    auto victim = e.stat();
    if (!victim) return std::unexpected(victim.error());
    auto dir = stat_descriptor(e.dir);
    if (!dir) return std::unexpected(dir.error());
    return may_remove_name(*dir, *victim, req);
}

Status Posix::permit_rename(const Request& req, const Entry& from, const Entry& to, unsigned flags) const {
    if (!req.enforce_permissions) return ok();
    if (auto searchable = permit_lookup(req, from); !searchable) return searchable;
    if (auto searchable = permit_lookup(req, to); !searchable) return searchable;
    auto moved = from.stat();
    if (!moved) return std::unexpected(moved.error());
    auto replaced = occupant_stat(to);
    if (!replaced) return std::unexpected(replaced.error());
    auto from_dir = stat_descriptor(from.dir);
    if (!from_dir) return std::unexpected(from_dir.error());
    auto to_dir = stat_descriptor(to.dir);
    if (!to_dir) return std::unexpected(to_dir.error());
    const RenameSides sides{*from_dir, *moved, *to_dir, *replaced ? &**replaced : nullptr};
    return may_rename(sides, req, flags);
}

// The kernel's order: the new name must be free (EEXIST, left to linkat), then the link
// protection (EPERM), then write on the directory (EACCES).
Status Posix::permit_link(const Request& req, const Entry& source, const Entry& to) const {
    if (!req.enforce_permissions) return ok();
    if (auto searchable = permit_lookup(req, source); !searchable) return searchable;
    if (auto searchable = permit_lookup(req, to); !searchable) return searchable;
    auto linked = source.stat();
    if (!linked) return std::unexpected(linked.error());
    auto taken = occupant_stat(to);
    if (!taken) return std::unexpected(taken.error());
    if (*taken) return ok();
    if (auto protected_link = may_link_to(*linked, req); !protected_link) return protected_link;
    auto dir = stat_descriptor(to.dir);
    if (!dir) return std::unexpected(dir.error());
    return may_add_name(*dir, req);
}

// A pinned peer's open is decided on the object actually opened (a name checked first could be
// renamed over before the open), so its O_TRUNC waits for the decision.
Result<UniqueFd> Posix::open_entry(const Request& req, const Entry& e, int flags) const {
    const int checked_flags = req.enforce_permissions ? flags & ~O_TRUNC : flags;
    if (auto searchable = permit_lookup(req, e); !searchable) return std::unexpected(searchable.error());
    UniqueFd opened(::openat(e.dir, e.name.c_str(), brick_open_flags(checked_flags)));
    if (!opened) return fail_errno();
    if (!req.enforce_permissions) return opened;
    auto st = stat_descriptor(opened.get());
    if (!st) return std::unexpected(st.error());
    if (auto allowed = may_open(*st, req, flags); !allowed) return std::unexpected(allowed.error());
    // As the kernel, O_TRUNC truncates regular files only, also when opened read-only.
    const bool truncate = (flags & O_TRUNC) != 0 && S_ISREG(st->st_mode);
    if (truncate && ::truncate(proc_fd_path(opened.get()).c_str(), 0) != 0) return fail_errno();
    return opened;
}

Status Posix::permit_xattr(const Request& req, const Entry& e, std::string_view name, XattrRule rule) const {
    if (!req.enforce_permissions) return ok();
    if (auto searchable = permit_lookup(req, e); !searchable) return searchable;
    auto st = e.stat();
    if (!st) return std::unexpected(st.error());
    return rule(*st, req, name);
}

Status Posix::permit_xattr(const Request& req, int kernel_fd, std::string_view name, XattrRule rule) const {
    if (!req.enforce_permissions) return ok();
    auto st = stat_descriptor(kernel_fd);
    if (!st) return std::unexpected(st.error());
    return rule(*st, req, name);
}

}  // namespace booster
