#include "core/fuse/contract_xattrs.hpp"

#include "core/engine/log.hpp"
#include "core/fuse/preload_contract.hpp"

namespace booster::fuse {

namespace {

// The graph's caches, then the kernel's: attributes and every cached page (offset 0, length 0 =
// to the end). In that order, so that the kernel's next GETATTR or READ finds no stale answer
// in the graph.
Result<std::string> invalidate_caches(const Bridge& bridge, Inode& inode) {
    if (bridge.session() == nullptr) return fail(ENOTCONN);
    bridge.top().forget_cached(inode);
    const int rc = fuse_lowlevel_notify_inval_inode(bridge.session(), bridge.nodeid(inode), 0, 0);
    // ENOENT: the kernel has already dropped the inode, so it caches nothing of it.
    if (rc != 0 && rc != -ENOENT) {
        BLOG(LogLevel::kWarning, "fuse", "cannot invalidate the kernel's cache of %s: %d", inode.gfid().str().c_str(), rc);
        return fail(-rc);
    }
    return std::string("1");
}

}  // namespace

Result<std::string> contract_xattr(const Bridge& bridge, Inode& inode, std::string_view name) {
    if (name == preload_contract::kVolfileXattr) return bridge.volfile_text();
    if (name == preload_contract::kMountpointXattr) return bridge.mountpoint();
    if (name == preload_contract::kGfidXattr) return inode.gfid().str();
    if (name == preload_contract::kMountXattr)
        return preload_contract::mount_identity(inode.gfid().str(), bridge.mountpoint(), bridge.volfile_text());
    if (name == preload_contract::kInvalidateXattr) return invalidate_caches(bridge, inode);
    return fail(ENODATA);
}

}  // namespace booster::fuse
