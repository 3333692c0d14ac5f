// The extended attributes whose meaning this volume does not implement: POSIX ACLs
// (system.posix_acl_access, system.posix_acl_default) and SELinux labels (security.selinux).
// The mount answers EOPNOTSUPP to getting, setting or removing them and leaves them out of
// listxattr, as GlusterFS's FUSE mount does unless mounted with its acl or selinux option.
//
// Why refuse rather than store them: permissions on the volume come from the mode bits alone
// (the kernel's default_permissions without FUSE_POSIX_ACL, storage/posix's permission_rules),
// so a stored ACL would protect nothing on the mount, while the brick's own file system would
// enforce it on the brick's copy. And a tool that sees "not supported" on a device stops asking
// there: `ls -l` (coreutils) otherwise sends the mount two getxattr per file it lists, for
// nothing but an ENODATA each.
// Header-only, pure; any thread.
#pragma once

#include <string_view>

namespace booster::fuse {

inline bool is_unsupported_xattr(std::string_view name) {
    return name == "system.posix_acl_access" || name == "system.posix_acl_default" || name == "security.selinux";
}

}  // namespace booster::fuse
