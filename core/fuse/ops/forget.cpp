#include "core/fuse/bridge.hpp"
#include "core/fuse/ops/ops.hpp"

namespace booster::fuse::ops {

void forget(fuse_req_t req, fuse_ino_t ino, std::uint64_t nlookup) {
    Bridge& bridge = Bridge::of(req);
    bridge.itable().forget(*bridge.inode(ino), nlookup);
    fuse_reply_none(req);
}

}  // namespace booster::fuse::ops
