// The engine Request of a FUSE request: the caller's uid, gid and pid from the kernel, the
// lock owner when the kernel sends one (locks, flush), and this mount's client id.
// Supplementary groups are not filled: the kernel checks permissions (default_permissions).
// Call from the FUSE worker thread that received `req`, before replying.
#pragma once

#include "core/engine/request.hpp"
#include "core/fuse/fuse_api.hpp"

namespace booster::fuse {

Request make_request(fuse_req_t req);
Request make_request(fuse_req_t req, const fuse_file_info* fi);

}  // namespace booster::fuse
