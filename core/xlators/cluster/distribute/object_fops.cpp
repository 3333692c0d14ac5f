// cluster/distribute: fops on an existing object, by Loc or by Fd, routed to the subvolume that
// holds it (directories: read from the first subvolume up, changed on every one); DHT's own
// xattrs kept out of sight.
#include "core/xlators/cluster/distribute/distribute.hpp"
#include "core/xlators/cluster/distribute/linkfile.hpp"

namespace booster {

Task<Result<Iatt>> Distribute::stat(const Request& req, const Loc& loc) {
    co_return with_gfid_ino(co_await on_object<Iatt>(req, loc, [&](Xlator& x) { return x.stat(req, loc); }));
}

Task<Result<Iatt>> Distribute::fstat(const Request& req, Fd& fd) {
    co_return with_gfid_ino(co_await on_fd<Iatt>(fd, [&](Xlator& x) { return x.fstat(req, fd); }));
}

Task<Result<Iatt>> Distribute::setattr(const Request& req, const Loc& loc, const SetAttr& attr) {
    co_return with_gfid_ino(
        co_await on_object_or_every<Iatt>(req, loc, [&](Xlator& x) { return x.setattr(req, loc, attr); }));
}

Task<Result<Iatt>> Distribute::fsetattr(const Request& req, Fd& fd, const SetAttr& attr) {
    co_return with_gfid_ino(co_await on_fd_or_every<Iatt>(fd, [&](Xlator& x) { return x.fsetattr(req, fd, attr); }));
}

Task<Result<Unit>> Distribute::access(const Request& req, const Loc& loc, int mask) {
    co_return co_await on_object<Unit>(req, loc, [&](Xlator& x) { return x.access(req, loc, mask); });
}

Task<Result<std::string>> Distribute::readlink(const Request& req, const Loc& loc, std::size_t size) {
    co_return co_await on_object<std::string>(req, loc, [&](Xlator& x) { return x.readlink(req, loc, size); });
}

Task<Result<Unit>> Distribute::open(const Request& req, const Loc& loc, int flags, Fd& fd) {
    auto where = co_await where_is(req, loc);
    if (!where) co_return std::unexpected(where.error());
    ctx_or_create<Placement>(fd.inode()).set_where(*where);
    auto x = subvolume(*where == Placement::kDirectory ? authority() : static_cast<std::size_t>(*where));
    if (!x) co_return std::unexpected(x.error());
    co_return co_await (*x)->open(req, loc, flags, fd);
}

Task<Result<std::size_t>> Distribute::readv(const Request& req, Fd& fd, IoVecs dst, off_t offset, unsigned flags) {
    return on_fd<std::size_t>(fd, [&](Xlator& x) { return x.readv(req, fd, dst, offset, flags); });
}

Task<Result<std::size_t>> Distribute::writev(const Request& req, Fd& fd, IoVecs src, off_t offset, unsigned flags) {
    return on_fd<std::size_t>(fd, [&](Xlator& x) { return x.writev(req, fd, src, offset, flags); });
}

Task<Result<Unit>> Distribute::flush(const Request& req, Fd& fd) {
    return on_fd<Unit>(fd, [&](Xlator& x) { return x.flush(req, fd); });
}

Task<Result<Unit>> Distribute::fsync(const Request& req, Fd& fd, bool datasync) {
    return on_fd<Unit>(fd, [&](Xlator& x) { return x.fsync(req, fd, datasync); });
}

Task<Result<Unit>> Distribute::fsyncdir(const Request& req, Fd& fd, bool datasync) {
    co_return co_await on_fd_or_every<Unit>(fd, [&](Xlator& x) { return x.fsyncdir(req, fd, datasync); });
}

Task<Result<Unit>> Distribute::fallocate(const Request& req, Fd& fd, int mode, off_t offset, off_t length) {
    return on_fd<Unit>(fd, [&](Xlator& x) { return x.fallocate(req, fd, mode, offset, length); });
}

Task<Result<Unit>> Distribute::discard(const Request& req, Fd& fd, off_t offset, off_t length) {
    return on_fd<Unit>(fd, [&](Xlator& x) { return x.discard(req, fd, offset, length); });
}

Task<Result<Unit>> Distribute::zerofill(const Request& req, Fd& fd, off_t offset, off_t length) {
    return on_fd<Unit>(fd, [&](Xlator& x) { return x.zerofill(req, fd, offset, length); });
}

Task<Result<off_t>> Distribute::seek(const Request& req, Fd& fd, off_t offset, int whence) {
    return on_fd<off_t>(fd, [&](Xlator& x) { return x.seek(req, fd, offset, whence); });
}

Task<Result<std::size_t>> Distribute::copy_file_range(const Request& req, Fd& in, off_t in_offset, Fd& out,
                                                      off_t out_offset, std::size_t length, unsigned flags) {
    auto from = fd_subvolume(in);
    auto into = fd_subvolume(out);
    if (from && into && *from != *into) return ready<Result<std::size_t>>(fail(EXDEV));
    return on_fd<std::size_t>(
        in, [&](Xlator& x) { return x.copy_file_range(req, in, in_offset, out, out_offset, length, flags); });
}

Task<Result<Flock>> Distribute::lk(const Request& req, Fd& fd, LockCmd cmd, const Flock& lock) {
    return on_fd<Flock>(fd, [&](Xlator& x) { return x.lk(req, fd, cmd, lock); });
}

Task<Result<Unit>> Distribute::inodelk(const Request& req, std::string_view domain, const Loc& loc, LockCmd cmd,
                                       const Flock& lock) {
    co_return co_await on_object<Unit>(req, loc, [&](Xlator& x) { return x.inodelk(req, domain, loc, cmd, lock); });
}

Task<Result<Unit>> Distribute::finodelk(const Request& req, std::string_view domain, Fd& fd, LockCmd cmd,
                                        const Flock& lock) {
    return on_fd<Unit>(fd, [&](Xlator& x) { return x.finodelk(req, domain, fd, cmd, lock); });
}

Task<Result<Unit>> Distribute::entrylk(const Request& req, std::string_view domain, const Loc& loc,
                                       std::string_view basename, EntryLockCmd cmd, EntryLockType type) {
    co_return co_await on_object<Unit>(req, loc, [&](Xlator& x) { return x.entrylk(req, domain, loc, basename, cmd, type); });
}

Task<Result<Dict>> Distribute::xattrop(const Request& req, const Loc& loc, XattrOp op, const Dict& delta) {
    co_return co_await on_object<Dict>(req, loc, [&](Xlator& x) { return x.xattrop(req, loc, op, delta); });
}

Task<Result<Dict>> Distribute::fxattrop(const Request& req, Fd& fd, XattrOp op, const Dict& delta) {
    return on_fd<Dict>(fd, [&](Xlator& x) { return x.fxattrop(req, fd, op, delta); });
}

Task<Result<Unit>> Distribute::setxattr(const Request& req, const Loc& loc, std::string_view name,
                                        std::string_view value, int flags) {
    if (is_distribute_xattr(name)) co_return fail(EPERM);
    co_return co_await on_object_or_every<Unit>(req, loc, [&](Xlator& x) { return x.setxattr(req, loc, name, value, flags); });
}

Task<Result<std::string>> Distribute::getxattr(const Request& req, const Loc& loc, std::string_view name) {
    if (is_distribute_xattr(name)) co_return fail(ENODATA);
    co_return co_await on_object<std::string>(req, loc, [&](Xlator& x) { return x.getxattr(req, loc, name); });
}

Task<Result<Unit>> Distribute::removexattr(const Request& req, const Loc& loc, std::string_view name) {
    if (is_distribute_xattr(name)) co_return fail(EPERM);
    co_return co_await on_object_or_every<Unit>(req, loc, [&](Xlator& x) { return x.removexattr(req, loc, name); });
}

Task<Result<Names>> Distribute::listxattr(const Request& req, const Loc& loc) {
    auto names = co_await on_object<Names>(req, loc, [&](Xlator& x) { return x.listxattr(req, loc); });
    if (names) std::erase_if(*names, [](const std::string& n) { return is_distribute_xattr(n); });
    co_return names;
}

Task<Result<Unit>> Distribute::fsetxattr(const Request& req, Fd& fd, std::string_view name, std::string_view value,
                                         int flags) {
    if (is_distribute_xattr(name)) co_return fail(EPERM);
    co_return co_await on_fd_or_every<Unit>(fd, [&](Xlator& x) { return x.fsetxattr(req, fd, name, value, flags); });
}

Task<Result<std::string>> Distribute::fgetxattr(const Request& req, Fd& fd, std::string_view name) {
    if (is_distribute_xattr(name)) return ready<Result<std::string>>(fail(ENODATA));
    return on_fd<std::string>(fd, [&](Xlator& x) { return x.fgetxattr(req, fd, name); });
}

Task<Result<Unit>> Distribute::fremovexattr(const Request& req, Fd& fd, std::string_view name) {
    if (is_distribute_xattr(name)) co_return fail(EPERM);
    co_return co_await on_fd_or_every<Unit>(fd, [&](Xlator& x) { return x.fremovexattr(req, fd, name); });
}

Task<Result<Names>> Distribute::flistxattr(const Request& req, Fd& fd) {
    auto names = co_await on_fd<Names>(fd, [&](Xlator& x) { return x.flistxattr(req, fd); });
    if (names) std::erase_if(*names, [](const std::string& n) { return is_distribute_xattr(n); });
    co_return names;
}

}  // namespace booster
