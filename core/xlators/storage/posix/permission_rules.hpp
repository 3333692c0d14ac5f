// The kernel's permission rules for the fops of a caller the brick must check itself (a
// pinned peer, Request::enforce_permissions): what open(2), creat, mkdir, mknod, symlink,
// link(2), unlink(2), rmdir, rename(2), chmod(2), chown(2), truncate(2), utimensat(2) and the
// xattr calls would decide for the request's uid, gid and groups, from mode bits and owners
// alone (no ACLs; of the capabilities only uid 0's, which root-squash may already have taken
// away). Each rule gives the errno the kernel gives, in the kernel's order of checks.
// Pure functions of stat results, credentials and the request; any thread.
#pragma once

#include <sys/stat.h>

#include <string_view>

#include "core/engine/iatt.hpp"
#include "core/engine/request.hpp"
#include "core/engine/result.hpp"

namespace booster {

// Search (x) on a directory a name is looked up in: EACCES.
Status may_search(const struct stat& dir, const Request& req);

// Opening `st` with open(2) `flags`: read and/or write by O_ACCMODE, write for O_TRUNC; a
// directory opened for writing is EISDIR, a symlink ELOOP.
Status may_open(const struct stat& st, const Request& req, int flags);

// A new name in `dir` (create, mkdir, mknod, symlink, link target): write and search (EACCES).
// The kernel looks the name up first: a taken name is EEXIST whatever the mode (the caller's
// business). A device node needs root (EPERM) once the directory allows the name.
Status may_add_name(const struct stat& dir, const Request& req);
Status may_make_node(mode_t mode, const Request& req);

// Removing `victim`'s name from `dir` (unlink, rmdir, rename's source or replaced target):
// write and search (EACCES); in a sticky directory only the owner of the victim or of the
// directory (EPERM).
Status may_remove_name(const struct stat& dir, const struct stat& victim, const Request& req);

// A hard link to `source` by someone who does not own it (fs.protected_hardlinks = 1, the
// default): only to a regular file that is not set-user-ID, not executable set-group-ID, and
// that the caller may read and write; else EPERM.
Status may_link_to(const struct stat& source, const Request& req);

// A rename (flags: RENAME_NOREPLACE, RENAME_EXCHANGE): the source's name removed, the target's
// removed (when it exists) or added; a directory that changes parent needs write on itself (its
// ".." changes). `target` is null when the target name is free. Two names of one object: no
// check (the kernel does nothing).
struct RenameSides {
    const struct stat& from_dir;
    const struct stat& from;
    const struct stat& to_dir;
    const struct stat* to;
};
Status may_rename(const RenameSides& sides, const Request& req, unsigned flags);

// setattr/fsetattr of `st`: chown only by root, except that the owner may give the file to one
// of its own groups (EPERM); chmod only by the owner (EPERM); a truncate by name needs write
// (EACCES; EISDIR for a directory; through an open descriptor the descriptor's mode decides);
// both times set to now need ownership or write (EACCES), any other time change ownership
// (EPERM). Returns the change to apply: chmod's set-group-ID bit is dropped when the caller is
// not in the file's (new) group, as the kernel does silently.
enum class SetAttrVia { kName, kDescriptor };
Result<SetAttr> may_setattr(const struct stat& st, const Request& req, const SetAttr& attr, SetAttrVia via);

// Setting or removing xattr `name` of `st`: user.* only on regular files and directories
// (EPERM), in a sticky directory only by its owner (EPERM), and with write access (EACCES);
// any other namespace only by the owner (EPERM). Unlike the kernel (trusted.* needs
// CAP_SYS_ADMIN), the owner may set trusted.*: the engine's own translators in a boosted
// program keep their metadata there (cluster/distribute lays out the directories it makes).
Status may_change_xattr(const struct stat& st, const Request& req, std::string_view name);
// Reading xattr `name` of `st`: user.* needs read (EACCES), and exists only on regular files
// and directories (ENODATA); other namespaces are readable (distribute reads its layouts).
Status may_read_xattr(const struct stat& st, const Request& req, std::string_view name);

}  // namespace booster
