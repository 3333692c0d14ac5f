// storage/posix: fops that read or change attributes (stat, fstat, access, readlink,
// setattr, fsetattr, statfs).
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <climits>
#include <limits>

#include "core/xlators/storage/posix/access_check.hpp"
#include "core/xlators/storage/posix/permission_rules.hpp"
#include "core/xlators/storage/posix/posix.hpp"
#include "core/xlators/storage/posix/stat_descriptor.hpp"

namespace booster {

namespace {

// setattr on a name: *at calls that never follow a symlink; the size goes through a
// descriptor opened without following and without blocking on a fifo.
struct NameTarget {
    const Entry& e;
    int chown(uid_t uid, gid_t gid) const { return ::fchownat(e.dir, e.name.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW); }
    int chmod(mode_t mode) const { return ::fchmodat(e.dir, e.name.c_str(), mode, AT_SYMLINK_NOFOLLOW); }
    int truncate(off_t size) const {
        UniqueFd fd(::openat(e.dir, e.name.c_str(), O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
        if (!fd) return -1;
        return ::ftruncate(fd.get(), size);
    }
    int utimens(const timespec times[2]) const {
        return ::utimensat(e.dir, e.name.c_str(), times, AT_SYMLINK_NOFOLLOW);
    }
};

// setattr of a pinned peer: on the object it was checked on, held by an O_PATH descriptor (a
// name could be renamed over between the check and the change).
struct PinnedTarget {
    int fd;
    std::string path = proc_fd_path(fd);
    int chown(uid_t uid, gid_t gid) const { return ::fchownat(fd, "", uid, gid, AT_EMPTY_PATH); }
    int chmod(mode_t mode) const { return ::chmod(path.c_str(), mode); }
    int truncate(off_t size) const { return ::truncate(path.c_str(), size); }
    int utimens(const timespec times[2]) const { return ::utimensat(AT_FDCWD, path.c_str(), times, 0); }
};

struct DescriptorTarget {
    int fd;
    int chown(uid_t uid, gid_t gid) const { return ::fchown(fd, uid, gid); }
    int chmod(mode_t mode) const { return ::fchmod(fd, mode); }
    int truncate(off_t size) const { return ::ftruncate(fd, size); }
    int utimens(const timespec times[2]) const { return ::futimens(fd, times); }
};

timespec time_change(const SetAttr& a, std::uint32_t set, std::uint32_t now, const timespec& value) {
    if ((a.valid & now) != 0) return {0, UTIME_NOW};
    if ((a.valid & set) != 0) return value;
    return {0, UTIME_OMIT};
}

// Owner first: chown clears set-ID bits, which a mode given in the same call then restores.
template <class Target>
Status apply(const SetAttr& a, const Target& target) {
    if ((a.valid & (SetAttr::kUid | SetAttr::kGid)) != 0) {
        const uid_t uid = (a.valid & SetAttr::kUid) != 0 ? a.uid : static_cast<uid_t>(-1);
        const gid_t gid = (a.valid & SetAttr::kGid) != 0 ? a.gid : static_cast<gid_t>(-1);
        if (target.chown(uid, gid) != 0) return fail_errno();
    }
    if ((a.valid & SetAttr::kMode) != 0 && target.chmod(a.mode & 07777) != 0) return fail_errno();
    if ((a.valid & SetAttr::kSize) != 0) {
        if (a.size > static_cast<std::uint64_t>(std::numeric_limits<off_t>::max())) return fail(EFBIG);
        if (target.truncate(static_cast<off_t>(a.size)) != 0) return fail_errno();
    }
    constexpr std::uint32_t kTimes = SetAttr::kAtime | SetAttr::kMtime | SetAttr::kAtimeNow | SetAttr::kMtimeNow;
    if ((a.valid & kTimes) != 0) {
        const timespec times[2] = {time_change(a, SetAttr::kAtime, SetAttr::kAtimeNow, a.atime),
                                   time_change(a, SetAttr::kMtime, SetAttr::kMtimeNow, a.mtime)};
        if (target.utimens(times) != 0) return fail_errno();
    }
    return ok();
}

Result<Iatt> attr_of_descriptor(const OpenFile& file) {
    auto st = stat_descriptor(file.fd.get());
    if (!st) return std::unexpected(st.error());
    return brick_iatt(*st, file.gfid);
}

}  // namespace

Result<Iatt> Posix::stat_sync(const Request& req, const Loc& loc) {
    auto e = locate(loc, Resolver::Intent::kExisting);
    if (!e) return std::unexpected(e.error());
    if (auto allowed = permit_lookup(req, *e); !allowed) return std::unexpected(allowed.error());
    return attr_of(*e);
}

Result<Iatt> Posix::fstat_sync(const Request&, Fd& fd) {
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    return attr_of_descriptor(**file);
}

Result<Unit> Posix::access_sync(const Request& req, const Loc& loc, int mask) {
    auto e = locate(loc, Resolver::Intent::kExisting);
    if (!e) return std::unexpected(e.error());
    if (auto allowed = permit_lookup(req, *e); !allowed) return std::unexpected(allowed.error());
    auto st = e->stat();
    if (!st) return std::unexpected(st.error());
    if (auto allowed = check_access(*st, req, mask); !allowed) return std::unexpected(allowed.error());
    return Unit{};
}

Result<std::string> Posix::readlink_sync(const Request& req, const Loc& loc, std::size_t size) {
    auto e = locate(loc, Resolver::Intent::kExisting);
    if (!e) return std::unexpected(e.error());
    if (auto allowed = permit_lookup(req, *e); !allowed) return std::unexpected(allowed.error());
    std::string text(PATH_MAX, '\0');
    const ssize_t n = ::readlinkat(e->dir, e->name.c_str(), text.data(), text.size());
    if (n < 0) return fail_errno();
    text.resize(static_cast<std::size_t>(n));
    // As readlink(2): a smaller buffer gets the beginning; 0 means "no limit".
    if (size != 0 && text.size() > size) text.resize(size);
    return text;
}

Result<Iatt> Posix::setattr_sync(const Request& req, const Loc& loc, const SetAttr& attr) {
    auto e = locate(loc, Resolver::Intent::kExisting);
    if (!e) return std::unexpected(e.error());
    if (req.enforce_permissions) return setattr_checked(req, *e, attr);
    if (auto applied = apply(attr, NameTarget{*e}); !applied) return std::unexpected(applied.error());
    return attr_of(*e);
}

Result<Iatt> Posix::setattr_checked(const Request& req, const Entry& e, const SetAttr& attr) {
    if (auto allowed = permit_lookup(req, e); !allowed) return std::unexpected(allowed.error());
    UniqueFd object(::openat(e.dir, e.name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (!object) return fail_errno();
    auto st = stat_descriptor(object.get());
    if (!st) return std::unexpected(st.error());
    auto permitted = may_setattr(*st, req, attr, SetAttrVia::kName);
    if (!permitted) return std::unexpected(permitted.error());
    if (auto applied = apply(*permitted, PinnedTarget{object.get()}); !applied) return std::unexpected(applied.error());
    return attr_of(e);
}

// Through an open descriptor the descriptor's access mode decides a truncate, as ftruncate(2).
Result<Iatt> Posix::fsetattr_sync(const Request& req, Fd& fd, const SetAttr& attr) {
    auto file = open_file(fd);
    if (!file) return std::unexpected(file.error());
    const int kernel_fd = (*file)->fd.get();
    SetAttr permitted = attr;
    if (req.enforce_permissions) {
        auto st = stat_descriptor(kernel_fd);
        if (!st) return std::unexpected(st.error());
        auto checked = may_setattr(*st, req, attr, SetAttrVia::kDescriptor);
        if (!checked) return std::unexpected(checked.error());
        permitted = *checked;
    }
    if (auto applied = apply(permitted, DescriptorTarget{kernel_fd}); !applied) return std::unexpected(applied.error());
    return attr_of_descriptor(**file);
}

// The brick's file system, whatever the Loc: every object of the brick lives on it.
Result<Statvfs> Posix::statfs_sync(const Request&, const Loc&) {
    Statvfs out{};
    if (::fstatvfs(brick_.get(), &out) != 0) return fail_errno();
    return out;
}

}  // namespace booster
