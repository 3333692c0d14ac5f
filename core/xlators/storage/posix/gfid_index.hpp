// GfidIndex: finds any brick object by gfid after renames (GlusterFS's .glusterfs handles).
//
// Layout under <brick>/.booster/gfid/: the handle of gfid "aabbcc..." is "aa/bb/<gfid>".
//   * a non-directory's handle is a hard link to it, so renames never touch the index, and
//     an object keeps its handle until its last real name goes;
//   * a directory's handle is a symlink "../../cc/dd/<parent-gfid>/<name>", so renaming a
//     directory rewrites exactly one symlink and its whole subtree stays findable;
//   * the root has no handle: Gfid::root() is the brick root by definition.
// A directory's path is rebuilt by reading the symlink chain here, in userspace, so the
// kernel's symlink limit does not bound the depth and no symlink is ever followed.
// Thread-safety: every method may be called from any thread; each change is one atomic
// link/symlink/rename/unlink, and concurrent writers of one handle leave one of them in place.
#pragma once

#include <sys/stat.h>

#include <string>
#include <string_view>
#include <variant>

#include "core/engine/gfid.hpp"
#include "core/engine/result.hpp"
#include "core/xlators/storage/posix/entry.hpp"
#include "core/xlators/storage/posix/unique_fd.hpp"

namespace booster {

// A directory found by gfid: its path relative to the brick ("" for the root).
struct DirPath {
    std::string rel;
};

// What a gfid leads to: a directory's path, or a non-directory's handle as an Entry (kHandle).
using IndexHit = std::variant<DirPath, Entry>;

class GfidIndex {
public:
    // Opens <brick>/.booster/gfid, creating it when missing.
    static Result<GfidIndex> open(int brick_fd);

    // Records a new non-directory: its handle becomes a hard link to `name` in `dir`. EEXIST
    // if another object already holds that gfid.
    Status add_file(const Gfid& gfid, int dir, const std::string& name);
    // Records a new directory: EEXIST if another object already holds that gfid.
    Status add_dir(const Gfid& gfid, const Gfid& parent, std::string_view name);
    // Points an existing directory's handle at its new place (after a rename).
    Status move_dir(const Gfid& gfid, const Gfid& parent, std::string_view name);
    // Forgets a removed directory.
    void remove_dir(const Gfid& gfid);
    // Drops a non-directory's handle once no real name links to it any more.
    void release_file(const Gfid& gfid);
    // Makes the handle of an object found by name agree with it (objects changed directly on
    // the brick): a missing or stale hard link is relinked, a stale symlink rewritten.
    void repair(const Gfid& gfid, const struct stat& st, int dir, const std::string& name, const Gfid& parent);

    Result<IndexHit> find(const Gfid& gfid) const;

private:
    explicit GfidIndex(UniqueFd fd) : fd_(std::move(fd)) {}
    Status ensure_bucket(const Gfid& gfid);
    Status replace_symlink(const Gfid& gfid, const std::string& target);
    Status replace_link(const Gfid& gfid, int dir, const std::string& name);
    Result<std::string> dir_path(Gfid gfid) const;

    UniqueFd fd_;
};

}  // namespace booster
