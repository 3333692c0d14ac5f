#include "core/fuse/bridge.hpp"
#include "core/fuse/ops/ops.hpp"

namespace booster::fuse::ops {

void forget_multi(fuse_req_t req, std::size_t count, fuse_forget_data* forgets) {
    Bridge& bridge = Bridge::of(req);
    for (std::size_t i = 0; i < count; ++i) bridge.itable().forget(*bridge.inode(forgets[i].ino), forgets[i].nlookup);
    fuse_reply_none(req);
}

}  // namespace booster::fuse::ops
