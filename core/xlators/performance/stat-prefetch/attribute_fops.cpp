// stat-prefetch: fops that change the attributes of the object they act on (its mode, owner,
// size, times or xattrs), so that object's entries in every cached listing go once they have
// completed (stat_prefetch.hpp lists which fop and why).
#include <fcntl.h>

#include "core/xlators/performance/stat-prefetch/after_fop.hpp"
#include "core/xlators/performance/stat-prefetch/stat_prefetch.hpp"

namespace booster {

// chmod, chown, truncate, utimens (SetAttr::valid says which).
Task<Result<Iatt>> StatPrefetch::setattr(const Request& req, const Loc& loc, const SetAttr& attr) {
    return after_fop(first_child().setattr(req, loc, attr), [this, &loc] { stale_attributes(loc); });
}

// fchmod, fchown, ftruncate, futimens.
Task<Result<Iatt>> StatPrefetch::fsetattr(const Request& req, Fd& fd, const SetAttr& attr) {
    return after_fop(first_child().fsetattr(req, fd, attr), [this, &fd] { stale_attributes(fd.inode()); });
}

// atime.
Task<Result<std::string>> StatPrefetch::readlink(const Request& req, const Loc& loc, std::size_t size) {
    return after_fop(first_child().readlink(req, loc, size), [this, &loc] { stale_attributes(loc); });
}

// O_TRUNC: size and mtime.
Task<Result<Unit>> StatPrefetch::open(const Request& req, const Loc& loc, int flags, Fd& fd) {
    if ((flags & O_TRUNC) == 0) return first_child().open(req, loc, flags, fd);
    return after_fop(first_child().open(req, loc, flags, fd), [this, &loc] { stale_attributes(loc); });
}

// atime.
Task<Result<std::size_t>> StatPrefetch::readv(const Request& req, Fd& fd, IoVecs dst, off_t offset, unsigned flags) {
    return after_fop(first_child().readv(req, fd, dst, offset, flags), [this, &fd] { stale_attributes(fd.inode()); });
}

// size, mtime.
Task<Result<std::size_t>> StatPrefetch::writev(const Request& req, Fd& fd, IoVecs src, off_t offset,
                                               unsigned flags) {
    return after_fop(first_child().writev(req, fd, src, offset, flags), [this, &fd] { stale_attributes(fd.inode()); });
}

// A write-behind below sends its cached writes at flush, fsync and fsyncdir (seed: fsync).
Task<Result<Unit>> StatPrefetch::flush(const Request& req, Fd& fd) {
    return after_fop(first_child().flush(req, fd), [this, &fd] { stale_attributes(fd.inode()); });
}

Task<Result<Unit>> StatPrefetch::fsync(const Request& req, Fd& fd, bool datasync) {
    return after_fop(first_child().fsync(req, fd, datasync), [this, &fd] { stale_attributes(fd.inode()); });
}

Task<Result<Unit>> StatPrefetch::fsyncdir(const Request& req, Fd& fd, bool datasync) {
    return after_fop(first_child().fsyncdir(req, fd, datasync), [this, &fd] { stale_attributes(fd.inode()); });
}

// ctime.
Task<Result<Unit>> StatPrefetch::setxattr(const Request& req, const Loc& loc, std::string_view name,
                                          std::string_view value, int flags) {
    return after_fop(first_child().setxattr(req, loc, name, value, flags), [this, &loc] { stale_attributes(loc); });
}

Task<Result<Unit>> StatPrefetch::removexattr(const Request& req, const Loc& loc, std::string_view name) {
    return after_fop(first_child().removexattr(req, loc, name), [this, &loc] { stale_attributes(loc); });
}

Task<Result<Unit>> StatPrefetch::fsetxattr(const Request& req, Fd& fd, std::string_view name, std::string_view value,
                                           int flags) {
    return after_fop(first_child().fsetxattr(req, fd, name, value, flags),
                     [this, &fd] { stale_attributes(fd.inode()); });
}

Task<Result<Unit>> StatPrefetch::fremovexattr(const Request& req, Fd& fd, std::string_view name) {
    return after_fop(first_child().fremovexattr(req, fd, name), [this, &fd] { stale_attributes(fd.inode()); });
}

Task<Result<Dict>> StatPrefetch::xattrop(const Request& req, const Loc& loc, XattrOp op, const Dict& delta) {
    return after_fop(first_child().xattrop(req, loc, op, delta), [this, &loc] { stale_attributes(loc); });
}

Task<Result<Dict>> StatPrefetch::fxattrop(const Request& req, Fd& fd, XattrOp op, const Dict& delta) {
    return after_fop(first_child().fxattrop(req, fd, op, delta), [this, &fd] { stale_attributes(fd.inode()); });
}

// size, blocks, mtime.
Task<Result<Unit>> StatPrefetch::fallocate(const Request& req, Fd& fd, int mode, off_t offset, off_t length) {
    return after_fop(first_child().fallocate(req, fd, mode, offset, length),
                     [this, &fd] { stale_attributes(fd.inode()); });
}

Task<Result<Unit>> StatPrefetch::discard(const Request& req, Fd& fd, off_t offset, off_t length) {
    return after_fop(first_child().discard(req, fd, offset, length), [this, &fd] { stale_attributes(fd.inode()); });
}

Task<Result<Unit>> StatPrefetch::zerofill(const Request& req, Fd& fd, off_t offset, off_t length) {
    return after_fop(first_child().zerofill(req, fd, offset, length), [this, &fd] { stale_attributes(fd.inode()); });
}

// The destination as writev, the source as readv.
Task<Result<std::size_t>> StatPrefetch::copy_file_range(const Request& req, Fd& in, off_t in_offset, Fd& out,
                                                        off_t out_offset, std::size_t length, unsigned flags) {
    return after_fop(first_child().copy_file_range(req, in, in_offset, out, out_offset, length, flags),
                     [this, &in, &out] {
                         stale_attributes(out.inode());
                         stale_attributes(in.inode());
                     });
}

}  // namespace booster
