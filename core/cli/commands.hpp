// The subcommands of `booster`. Each takes the arguments after its own name and returns the
// process exit status (usage.hpp). Run on the main thread, one per process.
#pragma once

#include <span>

namespace booster::cli {

// booster mount [-f] [-o OPTIONS] VOLFILE MOUNTPOINT
int mount_command(std::span<char* const> args);
// booster SOURCE MOUNTPOINT [-o OPTIONS] [-n] [-v] [-s]: how mount.fuse3 (mount -t fuse.booster,
// /etc/fstab) runs a FUSE file system of type fuse.booster.
int mount_helper_command(std::span<char* const> args);
// booster umount MOUNTPOINT
int umount_command(std::span<char* const> args);
// booster brick [-f] [--pid-file FILE] [--log-file FILE] VOLFILE: serve a brick volfile
// (protocol/server on top) until SIGTERM/SIGINT.
int brick_command(std::span<char* const> args);
// booster check VOLFILE
int check_command(std::span<char* const> args);
// booster run [--] PROGRAM [ARGS...]: PROGRAM with libbooster.so preloaded (replaces this
// process; its exit status is PROGRAM's).
int run_command(std::span<char* const> args);
// booster volume create|start|stop|status|list|delete ... (volume_command.cpp)
int volume_command(std::span<char* const> args);
// booster up DIR [--transport unix|tcp] [--name NAME] [--state-dir DIR]
int up_command(std::span<char* const> args);
// booster down DIR [--delete] [--name NAME] [--state-dir DIR]
int down_command(std::span<char* const> args);

}  // namespace booster::cli
