// Request: the per-request context every fop receives (the seeds' call_stack_t fields):
// credentials, the lock owner, the client, and the optional xdata extension dict.
// Owned by whoever starts the fop; translators read it and may copy it for background work.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

#include "core/engine/dict.hpp"

namespace booster {

struct Request {
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> groups;
    pid_t pid = 0;
    std::uint64_t lk_owner = 0;
    std::uint64_t client_id = 0;  // which client (mount, boosted process, remote peer) sent it
    const Dict* xdata = nullptr;  // extension channel; may be null
};

}  // namespace booster
