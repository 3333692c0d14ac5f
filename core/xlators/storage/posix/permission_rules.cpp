#include "core/xlators/storage/posix/permission_rules.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "core/xlators/storage/posix/access_check.hpp"

namespace booster {

namespace {

bool is_root(const Request& req) { return req.uid == 0; }
bool owns(const struct stat& st, const Request& req) { return req.uid == st.st_uid || is_root(req); }
bool same_object(const struct stat& a, const struct stat& b) { return a.st_ino == b.st_ino && a.st_dev == b.st_dev; }
bool starts_with(std::string_view name, std::string_view prefix) { return name.substr(0, prefix.size()) == prefix; }

constexpr std::string_view kUserXattrs = "user.";

// The kernel's MAY_READ/MAY_WRITE of an open: O_ACCMODE 3 asks for both, O_TRUNC for write.
int open_mask(int flags) {
    int mask = 0;
    const int access = flags & O_ACCMODE;
    if (access != O_WRONLY) mask |= R_OK;
    if (access != O_RDONLY || (flags & O_TRUNC) != 0) mask |= W_OK;
    return mask;
}

// Sticky directory: only the owner of the victim or of the directory removes its name.
bool sticky_refuses(const struct stat& dir, const struct stat& victim, const Request& req) {
    return (dir.st_mode & S_ISVTX) != 0 && req.uid != victim.st_uid && !owns(dir, req);
}

Status may_chown(const struct stat& st, const Request& req, const SetAttr& attr) {
    if (is_root(req)) return ok();
    const bool owner = req.uid == st.st_uid;
    if ((attr.valid & SetAttr::kUid) != 0 && !(owner && attr.uid == st.st_uid)) return fail(EPERM);
    if ((attr.valid & SetAttr::kGid) != 0 && !(owner && (attr.gid == st.st_gid || in_group(req, attr.gid))))
        return fail(EPERM);
    return ok();
}

Status may_change_times(const struct stat& st, const Request& req, const SetAttr& attr) {
    constexpr std::uint32_t kTimes = SetAttr::kAtime | SetAttr::kMtime | SetAttr::kAtimeNow | SetAttr::kMtimeNow;
    constexpr std::uint32_t kBothNow = SetAttr::kAtimeNow | SetAttr::kMtimeNow;
    if ((attr.valid & kTimes) == 0 || owns(st, req)) return ok();
    // Only "both to now" is a touch, which write access allows (utimensat(2)).
    if ((attr.valid & kBothNow) != kBothNow) return fail(EPERM);
    return check_access(st, req, W_OK);
}

}  // namespace

Status may_search(const struct stat& dir, const Request& req) { return check_access(dir, req, X_OK); }

Status may_open(const struct stat& st, const Request& req, int flags) {
    const int mask = open_mask(flags);
    if (S_ISLNK(st.st_mode)) return fail(ELOOP);
    if (S_ISDIR(st.st_mode) && (mask & W_OK) != 0) return fail(EISDIR);
    return check_access(st, req, mask);
}

Status may_add_name(const struct stat& dir, const Request& req) { return check_access(dir, req, W_OK | X_OK); }

Status may_make_node(mode_t mode, const Request& req) {
    if ((S_ISCHR(mode) || S_ISBLK(mode)) && !is_root(req)) return fail(EPERM);
    return ok();
}

Status may_remove_name(const struct stat& dir, const struct stat& victim, const Request& req) {
    if (auto writable = check_access(dir, req, W_OK | X_OK); !writable) return writable;
    if (sticky_refuses(dir, victim, req)) return fail(EPERM);
    return ok();
}

Status may_link_to(const struct stat& source, const Request& req) {
    if (owns(source, req)) return ok();
    const bool set_id = (source.st_mode & S_ISUID) != 0 ||
                        (source.st_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP);
    if (!S_ISREG(source.st_mode) || set_id || !check_access(source, req, R_OK | W_OK)) return fail(EPERM);
    return ok();
}

Status may_rename(const RenameSides& sides, const Request& req, unsigned flags) {
    if (sides.to != nullptr && (flags & RENAME_NOREPLACE) != 0) return fail(EEXIST);
    if (sides.to != nullptr && same_object(sides.from, *sides.to)) return ok();
    if (auto removable = may_remove_name(sides.from_dir, sides.from, req); !removable) return removable;
    auto target_ok = sides.to != nullptr ? may_remove_name(sides.to_dir, *sides.to, req)
                                         : check_access(sides.to_dir, req, W_OK | X_OK);
    if (!target_ok || same_object(sides.from_dir, sides.to_dir)) return target_ok;
    // A directory that changes parent gets a new "..": write on itself.
    if (S_ISDIR(sides.from.st_mode))
        if (auto movable = check_access(sides.from, req, W_OK); !movable) return movable;
    if ((flags & RENAME_EXCHANGE) != 0 && sides.to != nullptr && S_ISDIR(sides.to->st_mode))
        return check_access(*sides.to, req, W_OK);
    return ok();
}

Result<SetAttr> may_setattr(const struct stat& st, const Request& req, const SetAttr& attr, SetAttrVia via) {
    if ((attr.valid & SetAttr::kSize) != 0 && via == SetAttrVia::kName) {
        if (S_ISDIR(st.st_mode)) return fail(EISDIR);
        if (auto writable = check_access(st, req, W_OK); !writable) return std::unexpected(writable.error());
    }
    if (auto chowned = may_chown(st, req, attr); !chowned) return std::unexpected(chowned.error());
    SetAttr applied = attr;
    if ((attr.valid & SetAttr::kMode) != 0) {
        if (!owns(st, req)) return fail(EPERM);
        const gid_t group = (attr.valid & SetAttr::kGid) != 0 ? attr.gid : st.st_gid;
        if (!is_root(req) && !in_group(req, group)) applied.mode &= ~static_cast<std::uint32_t>(S_ISGID);
    }
    if (auto timed = may_change_times(st, req, attr); !timed) return std::unexpected(timed.error());
    return applied;
}

Status may_change_xattr(const struct stat& st, const Request& req, std::string_view name) {
    if (is_root(req)) return ok();
    if (!starts_with(name, kUserXattrs)) return owns(st, req) ? ok() : fail(EPERM);
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return fail(EPERM);
    if (S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX) != 0 && !owns(st, req)) return fail(EPERM);
    return check_access(st, req, W_OK);
}

Status may_read_xattr(const struct stat& st, const Request& req, std::string_view name) {
    if (is_root(req) || !starts_with(name, kUserXattrs)) return ok();
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return fail(ENODATA);
    return check_access(st, req, R_OK);
}

}  // namespace booster
