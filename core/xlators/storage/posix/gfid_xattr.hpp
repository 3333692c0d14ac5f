// The gfid as stored on every brick object: 16 raw bytes in xattr trusted.booster.gfid.
// Functions over an XattrTarget; any thread.
#pragma once

#include "core/engine/gfid.hpp"
#include "core/engine/result.hpp"
#include "core/xlators/storage/posix/xattr_target.hpp"

namespace booster {

inline constexpr const char* kGfidXattr = "trusted.booster.gfid";

// ENODATA if the object has no gfid; EIO if the stored value is not 16 bytes.
Result<Gfid> read_gfid(const XattrTarget& target);

// Stores `gfid` on an object that has none yet; EEXIST if one was stored meanwhile.
Status store_new_gfid(const XattrTarget& target, const Gfid& gfid);

// Overwrites the stored gfid (the brick root at init).
Status store_gfid(const XattrTarget& target, const Gfid& gfid);

}  // namespace booster
