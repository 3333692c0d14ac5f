// The bridge's side of the preload contract (preload_contract.hpp): the values of the
// user.booster.v1.* attributes, which never reach the graph as xattrs. Reading the invalidate
// key drops what the graph's caches hold of the inode (Xlator::forget_cached) and then the
// kernel's caches of it (a notification written to /dev/fuse).
// Thread-safety: any thread, including a FUSE worker serving a request on the same inode
// (the kernel takes no lock a getxattr holds to process the invalidation).
#pragma once

#include <string>
#include <string_view>

#include "core/engine/result.hpp"
#include "core/fuse/bridge.hpp"

namespace booster::fuse {

// The value of contract attribute `name` on `inode`; ENODATA for a name in the contract's
// namespace that this version does not define.
Result<std::string> contract_xattr(const Bridge& bridge, Inode& inode, std::string_view name);

}  // namespace booster::fuse
