#include "core/fuse/operations.hpp"

#include <new>

#include "core/engine/log.hpp"
#include "core/fuse/ops/ops.hpp"

namespace booster::fuse {

namespace {

template <auto Op>
struct Guarded;

template <class... A, void (*Op)(fuse_req_t, A...)>
struct Guarded<Op> {
    static void call(fuse_req_t req, A... args) noexcept {
        try {
            Op(req, args...);
        } catch (const std::bad_alloc&) {
            BLOG(LogLevel::kError, "fuse", "out of memory serving a request");
            fuse_reply_err(req, ENOMEM);
        } catch (...) {
            BLOG(LogLevel::kError, "fuse", "unexpected exception serving a request");
            fuse_reply_err(req, EIO);
        }
    }
};

template <auto Op>
constexpr auto guarded = &Guarded<Op>::call;

}  // namespace

fuse_lowlevel_ops make_operations(const MountOptions& options) {
    fuse_lowlevel_ops o{};
    o.init = ops::init;
    // forget and forget_multi never reply with an error, and allocate nothing.
    o.forget = ops::forget;
    o.forget_multi = ops::forget_multi;
    o.lookup = guarded<ops::lookup>;
    o.getattr = guarded<ops::getattr>;
    o.setattr = guarded<ops::setattr>;
    o.readlink = guarded<ops::readlink>;
    o.mknod = guarded<ops::mknod>;
    o.mkdir = guarded<ops::mkdir>;
    o.unlink = guarded<ops::unlink>;
    o.rmdir = guarded<ops::rmdir>;
    o.symlink = guarded<ops::symlink>;
    o.rename = guarded<ops::rename>;
    o.link = guarded<ops::link>;
    o.open = guarded<ops::open>;
    o.read = guarded<ops::read>;
    o.write_buf = guarded<ops::write_buf>;
    o.flush = guarded<ops::flush>;
    o.ioctl = guarded<ops::ioctl>;
    o.release = guarded<ops::release>;
    o.fsync = guarded<ops::fsync>;
    o.opendir = guarded<ops::opendir>;
    o.readdir = guarded<ops::readdir>;
    if (options.readdirplus) o.readdirplus = guarded<ops::readdirplus>;
    o.releasedir = guarded<ops::releasedir>;
    o.fsyncdir = guarded<ops::fsyncdir>;
    o.statfs = guarded<ops::statfs>;
    o.setxattr = guarded<ops::setxattr>;
    o.getxattr = guarded<ops::getxattr>;
    o.listxattr = guarded<ops::listxattr>;
    o.removexattr = guarded<ops::removexattr>;
    o.access = guarded<ops::access>;
    o.create = guarded<ops::create>;
    o.getlk = guarded<ops::getlk>;
    o.setlk = guarded<ops::setlk>;
    o.flock = guarded<ops::flock>;
    o.fallocate = guarded<ops::fallocate>;
    o.copy_file_range = guarded<ops::copy_file_range>;
    o.lseek = guarded<ops::lseek>;
    return o;
}

}  // namespace booster::fuse
