// FuseSession: one kernel mount served by a Bridge: the libfuse session, its handlers for
// SIGINT/SIGTERM/SIGHUP (which end run()), and the mount itself.
//
// mount() returns a mounted session; run() serves requests on a pool of libfuse worker threads
// (one cloned /dev/fuse fd each) until the file system is unmounted or a handled signal
// arrives; the destructor removes the signal handlers and unmounts if still mounted.
// Ownership: the session borrows the Bridge, which must outlive it.
// Thread-safety: mount, run and destruction from one thread (the daemon's main thread).
#pragma once

#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include "core/fuse/bridge.hpp"

namespace booster::fuse {

class FuseSession {
public:
    // `source` names the volume in /proc/mounts (fsname) unless the options set one.
    static std::expected<std::unique_ptr<FuseSession>, std::string> mount(Bridge& bridge, std::string_view source);
    ~FuseSession();
    FuseSession(const FuseSession&) = delete;
    FuseSession& operator=(const FuseSession&) = delete;

    // Serves until unmounted or signalled; false if the loop stopped on an error.
    bool run();
    // From now on libfuse's own messages go to the engine log instead of stderr.
    static void log_to_engine_log();

private:
    FuseSession(Bridge& bridge, fuse_session* session) : bridge_(bridge), session_(session) {}

    Bridge& bridge_;
    fuse_session* session_;
    bool handlers_installed_ = false;
    bool mounted_ = false;
};

}  // namespace booster::fuse
