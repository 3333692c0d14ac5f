// The per-request states most ops share: everything a fop borrows by reference while it runs
// (see launch.hpp). Ops with more arguments (read buffers, xattr values) define their own.
#pragma once

#include "core/engine/fd.hpp"
#include "core/engine/loc.hpp"
#include "core/engine/request.hpp"
#include "core/fuse/fuse_api.hpp"

namespace booster::fuse {

// A fop on one path (stat, readlink, unlink, lookup, mkdir, ...).
struct LocOp {
    fuse_req_t req;
    Request request;
    Loc loc;
};

// A fop on an open file or directory (fstat, flush, fsync, readdir, ...).
struct FdOp {
    fuse_req_t req;
    Request request;
    FdRef fd;
};

// A fop on two paths (rename, link).
struct TwoLocOp {
    fuse_req_t req;
    Request request;
    Loc from;
    Loc to;
};

}  // namespace booster::fuse
