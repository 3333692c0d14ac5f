#include "core/xlators/storage/posix/access_check.hpp"

#include <unistd.h>

#include <algorithm>

namespace booster {

bool in_group(const Request& req, gid_t gid) {
    return req.gid == gid || std::find(req.groups.begin(), req.groups.end(), gid) != req.groups.end();
}

namespace {

// The rwx triplet that applies to the requester, as R_OK|W_OK|X_OK bits.
int granted(const struct stat& st, const Request& req) {
    if (req.uid == st.st_uid) return static_cast<int>(st.st_mode >> 6) & 7;
    if (in_group(req, st.st_gid)) return static_cast<int>(st.st_mode >> 3) & 7;
    return static_cast<int>(st.st_mode) & 7;
}

}  // namespace

Status check_access(const struct stat& st, const Request& req, int mask) {
    if ((mask & ~(R_OK | W_OK | X_OK)) != 0) return fail(EINVAL);
    if (mask == F_OK) return ok();
    if (req.uid == 0) {
        const bool executable = S_ISDIR(st.st_mode) || (st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) != 0;
        if ((mask & X_OK) != 0 && !executable) return fail(EACCES);
        return ok();
    }
    if ((granted(st, req) & mask) != mask) return fail(EACCES);
    return ok();
}

}  // namespace booster
