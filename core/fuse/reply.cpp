#include "core/fuse/reply.hpp"

#include <cstring>

#include "core/engine/log.hpp"

namespace booster::fuse {

namespace {

// Errors that are part of normal operation are not worth more than a debug line.
LogLevel level_of(int errnum) {
    switch (errnum) {
        case EIO:
        case ESTALE:
        case ENOMEM:
        case EBADF:
        case EFAULT:
        case ENOTCONN:
            return LogLevel::kWarning;
        default:
            return LogLevel::kDebug;
    }
}

}  // namespace

void reply_error(fuse_req_t req, const Error& error, const char* op) {
    int errnum = error.errnum;
    if (errnum <= 0) {
        BLOG(LogLevel::kError, "fuse", "%s: a fop failed with errno %d, replying EIO", op, errnum);
        errnum = EIO;
    }
    BLOG(level_of(errnum), "fuse", "%s: %s", op, std::strerror(errnum));
    fuse_reply_err(req, errnum);
}

InodeRef link_entry(Bridge& bridge, const InodeRef& parent, std::string_view name, const InodeRef& fresh,
                    const Iatt& attr) {
    InodeRef inode = bridge.itable().link(fresh, parent, name, attr);
    bridge.itable().lookup_inc(*inode);
    return inode;
}

fuse_entry_param entry_param(Bridge& bridge, const Inode& inode, const Iatt& attr) {
    fuse_entry_param e{};
    e.ino = bridge.nodeid(inode);
    e.attr = attr.to_stat();
    e.attr_timeout = bridge.options().attr_timeout;
    e.entry_timeout = bridge.options().entry_timeout;
    return e;
}

void reply_entry(fuse_req_t req, Bridge& bridge, const InodeRef& parent, std::string_view name,
                 const InodeRef& fresh, const Iatt& attr) {
    InodeRef inode = link_entry(bridge, parent, name, fresh, attr);
    fuse_entry_param e = entry_param(bridge, *inode, attr);
    if (fuse_reply_entry(req, &e) != 0) bridge.itable().forget(*inode, 1);
}

void reply_negative_entry(fuse_req_t req, Bridge& bridge) {
    if (bridge.options().negative_timeout <= 0) {
        fuse_reply_err(req, ENOENT);
        return;
    }
    fuse_entry_param e{};
    e.ino = 0;  // the kernel caches the name's absence
    e.entry_timeout = bridge.options().negative_timeout;
    fuse_reply_entry(req, &e);
}

void reply_attr(fuse_req_t req, Bridge& bridge, const Iatt& attr) {
    struct stat st = attr.to_stat();
    fuse_reply_attr(req, &st, bridge.options().attr_timeout);
}

void reply_xattr_bytes(fuse_req_t req, std::size_t size, std::string_view bytes) {
    if (size == 0) {
        fuse_reply_xattr(req, bytes.size());
    } else if (bytes.size() > size) {
        fuse_reply_err(req, ERANGE);
    } else {
        fuse_reply_buf(req, bytes.data(), bytes.size());
    }
}

}  // namespace booster::fuse
