#include <fcntl.h>

#include <cstring>

#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/ops/ops.hpp"
#include "core/fuse/preload_contract.hpp"

namespace booster::fuse::ops {

// Only the preload contract's adoption; any other ioctl is not ours to answer.
void ioctl(fuse_req_t req, fuse_ino_t /*ino*/, unsigned int cmd, void* /*arg*/, fuse_file_info* fi, unsigned flags,
           const void* /*in_buf*/, std::size_t /*in_size*/, std::size_t out_size) {
    if (cmd != preload_contract::kAdoptIoctl || (flags & FUSE_IOCTL_UNRESTRICTED) != 0 || fi == nullptr || fi->fh == 0 ||
        out_size < sizeof(preload_contract::AdoptReply)) {
        fuse_reply_err(req, ENOTTY);
        return;
    }
    Bridge& bridge = Bridge::of(req);
    FdRef fd = fd_of(fi);
    preload_contract::AdoptReply reply{};
    reply.version = preload_contract::kVersion;
    const Gfid& gfid = fd->inode().gfid();
    std::memcpy(reply.gfid, gfid.bytes.data(), sizeof reply.gfid);
    // The kernel does not pass the open flags with an ioctl; the engine fd kept them.
    if ((fd->flags() & O_ACCMODE) != O_RDONLY) {
        bridge.open_files().mark_published(*fd);
        reply.published = 1;
    }
    fuse_reply_ioctl(req, 0, &reply, sizeof reply);
}

}  // namespace booster::fuse::ops
