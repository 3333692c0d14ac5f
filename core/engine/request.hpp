// Request: the per-request context every fop receives (the seeds' call_stack_t fields):
// credentials, the lock owner, the client, the optional xdata extension dict, and the token
// that says the starter no longer wants the answer.
// Owned by whoever starts the fop; translators read it and may copy it for background work.
//
// Cancellation contract (`cancel`): the starter requests a stop when it stops waiting for the
// answer (the FUSE bridge: the kernel sent INTERRUPT because the calling process got a signal).
// A translator that may hold a fop for long (a blocking lock waiting for a holder) watches the
// token with a std::stop_callback and then completes the fop at once with EINTR, undoing what
// it had started (a parked lock leaves its wait list); a fop already past that point completes
// normally. Every other translator may ignore it, and passes it down by passing the Request.
// The callback runs on the thread that requests the stop, possibly inside the stop_callback's
// constructor when the stop came first; std::stop_callback's destructor waits for a callback
// running on another thread. A default token is never cancelled. Over protocol/client the
// token does not travel (no cancel message on the wire yet): a remote wait is not cancelled.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <stop_token>
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
    // Nothing above checked what these credentials may do: storage/posix then checks each fop
    // as the kernel would (set by protocol/server for a pinned peer, request_identity.hpp).
    // False where a kernel already decided (FUSE's default_permissions) or trusted code asks.
    bool enforce_permissions = false;
    std::stop_token cancel;
};

}  // namespace booster
