// The kernel's permission rules as storage/posix applies them to a pinned peer: each case is
// what the man pages (path_resolution(7), open(2), unlink(2), rename(2), link(2), chmod(2),
// chown(2), truncate(2), utimensat(2), xattr(7)) say a user or root gets.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "core/xlators/storage/posix/permission_rules.hpp"

namespace booster::test {
namespace {

constexpr uid_t kOwner = 1000;
constexpr uid_t kOther = 1001;
constexpr gid_t kGroup = 100;
constexpr gid_t kOtherGroup = 200;

// Every call is a distinct object (its own inode number).
struct stat object(mode_t mode, uid_t uid = 0, gid_t gid = 0) {
    static ino_t next_ino = 1;
    struct stat st {};
    st.st_mode = mode;
    st.st_uid = uid;
    st.st_gid = gid;
    st.st_ino = next_ino++;
    return st;
}

Request user(uid_t uid, gid_t gid = kGroup, std::vector<gid_t> groups = {}) {
    return Request{.uid = uid, .gid = gid, .groups = std::move(groups), .enforce_permissions = true};
}

const Request kRoot = user(0, 0);

int errnum(const Status& s) { return s ? 0 : s.error().errnum; }
int errnum(const Result<SetAttr>& s) { return s ? 0 : s.error().errnum; }

TEST_CASE("permission rules: open asks read or write by the access mode, write for O_TRUNC") {
    const struct stat rootfile = object(S_IFREG | 0644);
    CHECK(errnum(may_open(rootfile, user(kOwner), O_RDONLY)) == 0);
    CHECK(errnum(may_open(rootfile, user(kOwner), O_WRONLY)) == EACCES);
    CHECK(errnum(may_open(rootfile, user(kOwner), O_RDWR)) == EACCES);
    CHECK(errnum(may_open(rootfile, user(kOwner), O_RDONLY | O_TRUNC)) == EACCES);
    CHECK(errnum(may_open(object(S_IFREG | 0600), user(kOwner), O_RDONLY)) == EACCES);
    CHECK(errnum(may_open(object(S_IFREG | 0600), kRoot, O_RDWR | O_TRUNC)) == 0);
    CHECK(errnum(may_open(object(S_IFREG | 0000), kRoot, O_RDWR)) == 0);
    CHECK(errnum(may_open(object(S_IFREG | 0200, kOwner), user(kOwner), O_WRONLY | O_TRUNC)) == 0);
    CHECK(errnum(may_open(object(S_IFREG | 0200, kOwner), user(kOwner), O_RDONLY)) == EACCES);
    // The owner's triplet applies even when "other" would allow more.
    CHECK(errnum(may_open(object(S_IFREG | 0066, kOwner), user(kOwner), O_RDONLY)) == EACCES);
    CHECK(errnum(may_open(object(S_IFREG | 0060, 0, kOtherGroup), user(kOwner, kGroup, {kOtherGroup}), O_RDWR)) == 0);
    CHECK(errnum(may_open(object(S_IFDIR | 0777), user(kOwner), O_WRONLY)) == EISDIR);
    CHECK(errnum(may_open(object(S_IFDIR | 0700), user(kOwner), O_RDONLY | O_DIRECTORY)) == EACCES);
    CHECK(errnum(may_open(object(S_IFLNK | 0777), user(kOwner), O_RDONLY)) == ELOOP);
}

TEST_CASE("permission rules: search, and a new name needs write and search on the directory") {
    CHECK(errnum(may_search(object(S_IFDIR | 0700), user(kOwner))) == EACCES);
    CHECK(errnum(may_search(object(S_IFDIR | 0711), user(kOwner))) == 0);
    CHECK(errnum(may_search(object(S_IFDIR | 0000), kRoot)) == 0);
    CHECK(errnum(may_add_name(object(S_IFDIR | 0755), user(kOwner))) == EACCES);
    CHECK(errnum(may_add_name(object(S_IFDIR | 0776), user(kOwner))) == EACCES);
    CHECK(errnum(may_add_name(object(S_IFDIR | 0703), user(kOwner))) == 0);
    CHECK(errnum(may_add_name(object(S_IFDIR | 0755), kRoot)) == 0);
    CHECK(errnum(may_make_node(S_IFCHR, user(kOwner))) == EPERM);
    CHECK(errnum(may_make_node(S_IFBLK, user(kOwner))) == EPERM);
    CHECK(errnum(may_make_node(S_IFIFO, user(kOwner))) == 0);
    CHECK(errnum(may_make_node(S_IFCHR, kRoot)) == 0);
}

TEST_CASE("permission rules: removing a name, and the sticky bit") {
    const struct stat rootfile = object(S_IFREG | 0644);
    const struct stat mine = object(S_IFREG | 0600, kOwner);
    CHECK(errnum(may_remove_name(object(S_IFDIR | 0755), mine, user(kOwner))) == EACCES);
    CHECK(errnum(may_remove_name(object(S_IFDIR | 0777), rootfile, user(kOwner))) == 0);
    CHECK(errnum(may_remove_name(object(S_IFDIR | 01777), rootfile, user(kOwner))) == EPERM);
    CHECK(errnum(may_remove_name(object(S_IFDIR | 01777), mine, user(kOwner))) == 0);
    CHECK(errnum(may_remove_name(object(S_IFDIR | 01777, kOwner), rootfile, user(kOwner))) == 0);
    CHECK(errnum(may_remove_name(object(S_IFDIR | 01777), mine, kRoot)) == 0);
    // Write is checked before the sticky bit.
    CHECK(errnum(may_remove_name(object(S_IFDIR | 01755), rootfile, user(kOwner))) == EACCES);
}

TEST_CASE("permission rules: rename removes one name and adds or replaces another") {
    const struct stat open_dir = object(S_IFDIR | 0777);
    const struct stat closed_dir = object(S_IFDIR | 0755);
    const struct stat sticky_dir = object(S_IFDIR | 01777);
    const struct stat mine = object(S_IFREG | 0644, kOwner);
    const struct stat rootfile = object(S_IFREG | 0644);
    const Request me = user(kOwner);
    CHECK(errnum(may_rename({open_dir, mine, open_dir, nullptr}, me, 0)) == 0);
    CHECK(errnum(may_rename({closed_dir, mine, open_dir, nullptr}, me, 0)) == EACCES);
    CHECK(errnum(may_rename({open_dir, mine, closed_dir, nullptr}, me, 0)) == EACCES);
    CHECK(errnum(may_rename({sticky_dir, rootfile, open_dir, nullptr}, me, 0)) == EPERM);
    CHECK(errnum(may_rename({open_dir, mine, sticky_dir, &rootfile}, me, 0)) == EPERM);
    CHECK(errnum(may_rename({open_dir, mine, open_dir, &rootfile}, me, 0)) == 0);
    CHECK(errnum(may_rename({open_dir, mine, open_dir, &rootfile}, me, RENAME_NOREPLACE)) == EEXIST);
    CHECK(errnum(may_rename({closed_dir, mine, closed_dir, &mine}, me, 0)) == 0);  // two names of one file
    // A directory moving to another parent needs write on itself (its "..").
    const struct stat root_subdir = object(S_IFDIR | 0755);
    const struct stat other_open_dir = object(S_IFDIR | 0777);
    CHECK(errnum(may_rename({open_dir, root_subdir, other_open_dir, nullptr}, me, 0)) == EACCES);
    CHECK(errnum(may_rename({open_dir, root_subdir, open_dir, nullptr}, me, 0)) == 0);
    CHECK(errnum(may_rename({open_dir, mine, other_open_dir, &root_subdir}, me, RENAME_EXCHANGE)) == EACCES);
    CHECK(errnum(may_rename({closed_dir, rootfile, sticky_dir, nullptr}, kRoot, 0)) == 0);
}

TEST_CASE("permission rules: a hard link to someone else's file (protected_hardlinks)") {
    const Request me = user(kOwner);
    CHECK(errnum(may_link_to(object(S_IFREG | 0644), me)) == EPERM);
    CHECK(errnum(may_link_to(object(S_IFREG | 0666), me)) == 0);
    CHECK(errnum(may_link_to(object(S_IFREG | 04666), me)) == EPERM);
    CHECK(errnum(may_link_to(object(S_IFREG | 02676), me)) == EPERM);
    CHECK(errnum(may_link_to(object(S_IFREG | 02666), me)) == 0);
    CHECK(errnum(may_link_to(object(S_IFIFO | 0666), me)) == EPERM);
    CHECK(errnum(may_link_to(object(S_IFREG | 0400, kOwner), me)) == 0);
    CHECK(errnum(may_link_to(object(S_IFREG | 04600), kRoot)) == 0);
}

SetAttr change(std::uint32_t valid) {
    SetAttr a;
    a.valid = valid;
    return a;
}

TEST_CASE("permission rules: chmod by the owner, chown by root, chgrp to the owner's groups") {
    const struct stat rootfile = object(S_IFREG | 0644);
    const struct stat mine = object(S_IFREG | 0644, kOwner, kGroup);
    SetAttr mode = change(SetAttr::kMode);
    mode.mode = 0777;
    CHECK(errnum(may_setattr(rootfile, user(kOwner), mode, SetAttrVia::kName)) == EPERM);
    CHECK(errnum(may_setattr(mine, user(kOwner), mode, SetAttrVia::kName)) == 0);
    CHECK(errnum(may_setattr(rootfile, kRoot, mode, SetAttrVia::kDescriptor)) == 0);

    SetAttr setgid = mode;
    setgid.mode = 02755;
    const struct stat foreign_group = object(S_IFREG | 0644, kOwner, kOtherGroup);
    CHECK(may_setattr(foreign_group, user(kOwner), setgid, SetAttrVia::kName)->mode == 0755);
    CHECK(may_setattr(mine, user(kOwner), setgid, SetAttrVia::kName)->mode == 02755);
    CHECK(may_setattr(foreign_group, kRoot, setgid, SetAttrVia::kName)->mode == 02755);

    SetAttr owner = change(SetAttr::kUid);
    owner.uid = kOwner;
    CHECK(errnum(may_setattr(rootfile, user(kOwner), owner, SetAttrVia::kName)) == EPERM);
    CHECK(errnum(may_setattr(mine, user(kOwner), owner, SetAttrVia::kName)) == 0);  // to itself
    owner.uid = kOther;
    CHECK(errnum(may_setattr(mine, user(kOwner), owner, SetAttrVia::kName)) == EPERM);
    CHECK(errnum(may_setattr(mine, kRoot, owner, SetAttrVia::kName)) == 0);

    SetAttr group = change(SetAttr::kGid);
    group.gid = kOtherGroup;
    CHECK(errnum(may_setattr(mine, user(kOwner), group, SetAttrVia::kName)) == EPERM);
    CHECK(errnum(may_setattr(mine, user(kOwner, kGroup, {kOtherGroup}), group, SetAttrVia::kName)) == 0);
    CHECK(errnum(may_setattr(rootfile, user(kOther, kGroup, {kOtherGroup}), group, SetAttrVia::kName)) == EPERM);
}

TEST_CASE("permission rules: truncate needs write; times to now need write or ownership, others ownership") {
    const struct stat rootfile = object(S_IFREG | 0644);
    const struct stat shared = object(S_IFREG | 0666);
    const struct stat mine_readonly = object(S_IFREG | 0444, kOwner);
    const SetAttr size = change(SetAttr::kSize);
    CHECK(errnum(may_setattr(rootfile, user(kOwner), size, SetAttrVia::kName)) == EACCES);
    CHECK(errnum(may_setattr(shared, user(kOwner), size, SetAttrVia::kName)) == 0);
    CHECK(errnum(may_setattr(mine_readonly, user(kOwner), size, SetAttrVia::kName)) == EACCES);
    CHECK(errnum(may_setattr(object(S_IFDIR | 0777), user(kOwner), size, SetAttrVia::kName)) == EISDIR);
    // Through a descriptor, ftruncate(2) asks only that it was opened for writing.
    CHECK(errnum(may_setattr(rootfile, user(kOwner), size, SetAttrVia::kDescriptor)) == 0);

    const SetAttr now = change(SetAttr::kAtime | SetAttr::kMtime | SetAttr::kAtimeNow | SetAttr::kMtimeNow);
    CHECK(errnum(may_setattr(rootfile, user(kOwner), now, SetAttrVia::kName)) == EACCES);
    CHECK(errnum(may_setattr(shared, user(kOwner), now, SetAttrVia::kName)) == 0);
    CHECK(errnum(may_setattr(mine_readonly, user(kOwner), now, SetAttrVia::kName)) == 0);
    const SetAttr explicit_times = change(SetAttr::kAtime | SetAttr::kMtime);
    CHECK(errnum(may_setattr(shared, user(kOwner), explicit_times, SetAttrVia::kName)) == EPERM);
    CHECK(errnum(may_setattr(mine_readonly, user(kOwner), explicit_times, SetAttrVia::kName)) == 0);
    CHECK(errnum(may_setattr(rootfile, kRoot, explicit_times, SetAttrVia::kName)) == 0);
    const SetAttr only_mtime_now = change(SetAttr::kMtime | SetAttr::kMtimeNow);
    CHECK(errnum(may_setattr(shared, user(kOwner), only_mtime_now, SetAttrVia::kName)) == EPERM);
}

TEST_CASE("permission rules: user.* xattrs follow the mode; other namespaces the owner") {
    const Request me = user(kOwner);
    CHECK(errnum(may_change_xattr(object(S_IFREG | 0644), me, "user.a")) == EACCES);
    CHECK(errnum(may_change_xattr(object(S_IFREG | 0666), me, "user.a")) == 0);
    CHECK(errnum(may_change_xattr(object(S_IFDIR | 01777), me, "user.a")) == EPERM);
    CHECK(errnum(may_change_xattr(object(S_IFIFO | 0666), me, "user.a")) == EPERM);
    CHECK(errnum(may_change_xattr(object(S_IFREG | 0666), me, "trusted.a")) == EPERM);
    CHECK(errnum(may_change_xattr(object(S_IFDIR | 0755, kOwner), me, "trusted.glusterfs.dht")) == 0);
    CHECK(errnum(may_change_xattr(object(S_IFREG | 0600), kRoot, "trusted.a")) == 0);
    CHECK(errnum(may_read_xattr(object(S_IFREG | 0600), me, "user.a")) == EACCES);
    CHECK(errnum(may_read_xattr(object(S_IFREG | 0604), me, "user.a")) == 0);
    CHECK(errnum(may_read_xattr(object(S_IFLNK | 0777), me, "user.a")) == ENODATA);
    CHECK(errnum(may_read_xattr(object(S_IFDIR | 0700), me, "trusted.glusterfs.dht")) == 0);
}

}  // namespace
}  // namespace booster::test
