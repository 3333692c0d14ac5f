// The permission check of access(2) computed from an object's mode bits and a request's
// credentials (no ACLs, no capabilities beyond "uid 0 may do anything but execute a file
// that no one may execute"). Pure function; any thread.
#pragma once

#include <sys/stat.h>

#include "core/engine/request.hpp"
#include "core/engine/result.hpp"

namespace booster {

// Whether the request's primary or supplementary groups include `gid`.
bool in_group(const Request& req, gid_t gid);

// `mask` is F_OK or an OR of R_OK, W_OK, X_OK; EACCES when denied.
Status check_access(const struct stat& st, const Request& req, int mask);

}  // namespace booster
