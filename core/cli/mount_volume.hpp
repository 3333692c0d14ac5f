// mount_volume(): the whole life of a `booster mount` daemon, from the volfile to the unmount.
//
// Order matters, and is the contract of the command:
//   1. mount options, mount point, volfile text and log are checked and opened;
//   2. the volfile is parsed and its graph built (every option validated) BEFORE anything is
//      mounted: an error prints "FILE:LINE: ..." on stderr and exits 1 with no mount;
//   3. unless in the foreground, the process forks; the parent exits only when the child
//      reports the mount up (0) or failed (1);
//   4. the child installs the crash handler and the SIGUSR1 state dump, initialises the graph,
//      mounts, then detaches from the terminal and serves until unmounted or signalled.
// Runs on the main thread of a process with no other thread.
#pragma once

#include <string>

namespace booster::cli {

struct MountRequest {
    bool foreground = false;
    std::string options;  // -o lists, joined with commas
    std::string volfile;
    std::string mountpoint;
};

int mount_volume(const MountRequest& request);

}  // namespace booster::cli
