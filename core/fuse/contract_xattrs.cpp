#include "core/fuse/contract_xattrs.hpp"

#include "core/fuse/preload_contract.hpp"

namespace booster::fuse {

Result<std::string> contract_xattr(const Bridge& bridge, const Inode& inode, std::string_view name) {
    if (name == preload_contract::kVolfileXattr) return bridge.volfile_text();
    if (name == preload_contract::kMountpointXattr) return bridge.mountpoint();
    if (name == preload_contract::kGfidXattr) return inode.gfid().str();
    return fail(ENODATA);
}

}  // namespace booster::fuse
