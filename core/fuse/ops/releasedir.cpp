#include "core/fuse/file_handle.hpp"
#include "core/fuse/ops/ops.hpp"

namespace booster::fuse::ops {

// The last close of an open directory: as release, for a directory's fd.
void releasedir(fuse_req_t req, fuse_ino_t /*ino*/, fuse_file_info* fi) {
    detach_fd(Bridge::of(req), fi);
    fuse_reply_err(req, 0);
}

}  // namespace booster::fuse::ops
