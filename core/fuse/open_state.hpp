// OpenOp and reply_opened(): what open and opendir share. Both create an engine Fd, run their
// fop, and on success hand the Fd to the kernel as the file handle.
// Ownership: the state owns its Fd reference until attach_fd moves one into the handle.
// Thread-safety: one request, on whichever thread completes its fop.
#pragma once

#include "core/engine/fd.hpp"
#include "core/engine/loc.hpp"
#include "core/engine/request.hpp"
#include "core/engine/result.hpp"
#include "core/fuse/bridge.hpp"
#include "core/fuse/file_handle.hpp"
#include "core/fuse/fuse_api.hpp"
#include "core/fuse/reply.hpp"

namespace booster::fuse {

struct OpenOp {
    fuse_req_t req;
    Request request;
    Loc loc;
    FdRef fd;
    fuse_file_info fi;  // a copy: libfuse's own lives only until the op function returns
};

inline void reply_opened(OpenOp& s, const Result<Unit>& r, const char* what) {
    if (!r) {
        reply_error(s.req, r.error(), what);
        return;
    }
    Bridge& bridge = Bridge::of(s.req);  // fetched now: a reply frees the request
    attach_fd(bridge, &s.fi, s.fd);
    // An interrupted open gets no release(dir) from the kernel: the handle's reference goes here.
    if (fuse_reply_open(s.req, &s.fi) != 0) detach_fd(bridge, &s.fi);
}

}  // namespace booster::fuse
