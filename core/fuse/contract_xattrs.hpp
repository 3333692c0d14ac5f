// The bridge's side of the preload contract (preload_contract.hpp): the values of the
// user.booster.v1.* attributes, which never reach the graph.
// Thread-safety: any thread; reads only immutable Bridge state and the inode's gfid.
#pragma once

#include <string>
#include <string_view>

#include "core/engine/result.hpp"
#include "core/fuse/bridge.hpp"

namespace booster::fuse {

// The value of contract attribute `name` on `inode`; ENODATA for a name in the contract's
// namespace that this version does not define.
Result<std::string> contract_xattr(const Bridge& bridge, const Inode& inode, std::string_view name);

}  // namespace booster::fuse
