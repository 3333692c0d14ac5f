// The fop set: one X-macro line per file operation, the single source of every per-fop
// construct (Xlator's virtual methods and their default forwarding, FopId and its names,
// generic translators such as io-stats, error-gen and delay-gen).
//
//   X(name, Reply, (parameters), (arguments))
//
// Every fop returns Task<Result<Reply>>. Reference parameters must outlive the awaited task.
// Buffers: readv fills the caller's iovecs (no copy on the local path), writev reads them;
// their `flags` are preadv2/pwritev2 RWF_* flags.
// Fop meaning follows POSIX; where a name differs: setattr/fsetattr cover chmod, chown,
// truncate and utimens (SetAttr::valid says which); discard is punch-hole; zerofill is
// FALLOC_FL_ZERO_RANGE; inodelk/entrylk are the internal locks of cluster translators.
// release/releasedir/forget are not fops: they are the destructors of per-translator contexts
// (ctx.hpp), run when the last reference to an fd or inode goes.
#pragma once

#include <sys/uio.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <variant>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/dict.hpp"
#include "core/engine/fd.hpp"
#include "core/engine/fop_types.hpp"
#include "core/engine/iatt.hpp"
#include "core/engine/loc.hpp"
#include "core/engine/request.hpp"

namespace booster {

using IoVecs = std::span<const iovec>;
using Names = std::vector<std::string>;
using Unit = std::monostate;

// The bytes `iov` spans: a readv's room, a writev's data.
inline std::size_t total_size(IoVecs iov) {
    std::size_t n = 0;
    for (const iovec& v : iov) n += v.iov_len;
    return n;
}

// The bytes of `iov` from byte `from` on, at most `length` of them, as iovecs into the same
// buffers (empty ones left out): the rest of a write after a short one, or one piece of it.
inline std::vector<iovec> slice_iovecs(IoVecs iov, std::size_t from, std::size_t length = SIZE_MAX) {
    std::vector<iovec> out;
    for (const iovec& v : iov) {
        if (length == 0) break;
        if (from >= v.iov_len) {
            from -= v.iov_len;
            continue;
        }
        const std::size_t take = std::min(v.iov_len - from, length);
        out.push_back(iovec{static_cast<char*>(v.iov_base) + from, take});
        length -= take;
        from = 0;
    }
    return out;
}

}  // namespace booster

// clang-format off
#define BOOSTER_FOPS(X) \
    X(lookup, EntryReply, (const Request& req, const Loc& loc), (req, loc)) \
    X(stat, Iatt, (const Request& req, const Loc& loc), (req, loc)) \
    X(fstat, Iatt, (const Request& req, Fd& fd), (req, fd)) \
    X(access, Unit, (const Request& req, const Loc& loc, int mask), (req, loc, mask)) \
    X(readlink, std::string, (const Request& req, const Loc& loc, std::size_t size), (req, loc, size)) \
    X(mknod, EntryReply, (const Request& req, const Loc& loc, mode_t mode, dev_t rdev, mode_t umask), (req, loc, mode, rdev, umask)) \
    X(mkdir, EntryReply, (const Request& req, const Loc& loc, mode_t mode, mode_t umask), (req, loc, mode, umask)) \
    X(unlink, Unit, (const Request& req, const Loc& loc), (req, loc)) \
    X(rmdir, Unit, (const Request& req, const Loc& loc), (req, loc)) \
    X(symlink, EntryReply, (const Request& req, std::string_view target, const Loc& loc, mode_t umask), (req, target, loc, umask)) \
    X(rename, Unit, (const Request& req, const Loc& from, const Loc& to, unsigned flags), (req, from, to, flags)) \
    X(link, EntryReply, (const Request& req, const Loc& from, const Loc& to), (req, from, to)) \
    X(create, EntryReply, (const Request& req, const Loc& loc, int flags, mode_t mode, mode_t umask, Fd& fd), (req, loc, flags, mode, umask, fd)) \
    X(open, Unit, (const Request& req, const Loc& loc, int flags, Fd& fd), (req, loc, flags, fd)) \
    X(readv, std::size_t, (const Request& req, Fd& fd, IoVecs dst, off_t offset, unsigned flags), (req, fd, dst, offset, flags)) \
    X(writev, std::size_t, (const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags), (req, fd, src, offset, flags)) \
    X(flush, Unit, (const Request& req, Fd& fd), (req, fd)) \
    X(fsync, Unit, (const Request& req, Fd& fd, bool datasync), (req, fd, datasync)) \
    X(opendir, Unit, (const Request& req, const Loc& loc, Fd& fd), (req, loc, fd)) \
    X(readdir, Dirents, (const Request& req, Fd& fd, std::size_t size, std::uint64_t offset), (req, fd, size, offset)) \
    X(readdirp, Dirents, (const Request& req, Fd& fd, std::size_t size, std::uint64_t offset), (req, fd, size, offset)) \
    X(fsyncdir, Unit, (const Request& req, Fd& fd, bool datasync), (req, fd, datasync)) \
    X(statfs, Statvfs, (const Request& req, const Loc& loc), (req, loc)) \
    X(setattr, Iatt, (const Request& req, const Loc& loc, const SetAttr& attr), (req, loc, attr)) \
    X(fsetattr, Iatt, (const Request& req, Fd& fd, const SetAttr& attr), (req, fd, attr)) \
    X(setxattr, Unit, (const Request& req, const Loc& loc, std::string_view name, std::string_view value, int flags), (req, loc, name, value, flags)) \
    X(getxattr, std::string, (const Request& req, const Loc& loc, std::string_view name), (req, loc, name)) \
    X(removexattr, Unit, (const Request& req, const Loc& loc, std::string_view name), (req, loc, name)) \
    X(listxattr, Names, (const Request& req, const Loc& loc), (req, loc)) \
    X(fsetxattr, Unit, (const Request& req, Fd& fd, std::string_view name, std::string_view value, int flags), (req, fd, name, value, flags)) \
    X(fgetxattr, std::string, (const Request& req, Fd& fd, std::string_view name), (req, fd, name)) \
    X(fremovexattr, Unit, (const Request& req, Fd& fd, std::string_view name), (req, fd, name)) \
    X(flistxattr, Names, (const Request& req, Fd& fd), (req, fd)) \
    X(lk, Flock, (const Request& req, Fd& fd, LockCmd cmd, const Flock& lock), (req, fd, cmd, lock)) \
    X(inodelk, Unit, (const Request& req, std::string_view domain, const Loc& loc, LockCmd cmd, const Flock& lock), (req, domain, loc, cmd, lock)) \
    X(finodelk, Unit, (const Request& req, std::string_view domain, Fd& fd, LockCmd cmd, const Flock& lock), (req, domain, fd, cmd, lock)) \
    X(entrylk, Unit, (const Request& req, std::string_view domain, const Loc& loc, std::string_view basename, EntryLockCmd cmd, EntryLockType type), (req, domain, loc, basename, cmd, type)) \
    X(xattrop, Dict, (const Request& req, const Loc& loc, XattrOp op, const Dict& delta), (req, loc, op, delta)) \
    X(fxattrop, Dict, (const Request& req, Fd& fd, XattrOp op, const Dict& delta), (req, fd, op, delta)) \
    X(fallocate, Unit, (const Request& req, Fd& fd, int mode, off_t offset, off_t length), (req, fd, mode, offset, length)) \
    X(discard, Unit, (const Request& req, Fd& fd, off_t offset, off_t length), (req, fd, offset, length)) \
    X(zerofill, Unit, (const Request& req, Fd& fd, off_t offset, off_t length), (req, fd, offset, length)) \
    X(seek, off_t, (const Request& req, Fd& fd, off_t offset, int whence), (req, fd, offset, whence)) \
    X(copy_file_range, std::size_t, (const Request& req, Fd& in, off_t in_offset, Fd& out, off_t out_offset, std::size_t length, unsigned flags), (req, in, in_offset, out, out_offset, length, flags))
// clang-format on

namespace booster {

enum class FopId : std::uint8_t {
#define BOOSTER_FOP_ENUM(name, R, params, args) name,
    BOOSTER_FOPS(BOOSTER_FOP_ENUM)
#undef BOOSTER_FOP_ENUM
        kCount
};

inline constexpr std::size_t kFopCount = static_cast<std::size_t>(FopId::kCount);

inline constexpr std::string_view kFopNames[] = {
#define BOOSTER_FOP_NAME(name, R, params, args) #name,
    BOOSTER_FOPS(BOOSTER_FOP_NAME)
#undef BOOSTER_FOP_NAME
};

inline constexpr std::string_view fop_name(FopId id) { return kFopNames[static_cast<std::size_t>(id)]; }

// FopId by name ("writev"); nullopt if no fop has that name.
std::optional<FopId> fop_by_name(std::string_view name);

}  // namespace booster
