// DaemonPidFile: /run/booster/MOUNTPOINT.pid holds the pid of the daemon serving a mount and
// stays flock()ed for as long as that daemon lives, so that `booster umount` can return only
// once the daemon has finished (graph torn down, bricks closed), not merely once the kernel
// has dropped the mount.
//
// The daemon creates it after going to the background and drops it last; wait_for_daemon()
// is the unmounting side. Both are best effort: without /run/booster, umount does not wait.
// Thread-safety: main thread of either process.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace booster::cli {

class DaemonPidFile {
public:
    // Null if the file cannot be created or another live daemon holds it (logged).
    static std::optional<DaemonPidFile> create(const std::string& mountpoint);
    // The same at an explicit path (`booster brick --pid-file FILE`).
    static std::optional<DaemonPidFile> create_at(std::string path);
    DaemonPidFile(DaemonPidFile&& other) noexcept;
    DaemonPidFile& operator=(DaemonPidFile&&) = delete;
    ~DaemonPidFile();

    // Opens the pid file of the daemon serving `mountpoint`; -1 if there is none. Call before
    // unmounting (the daemon removes the file as it ends).
    static int open_existing(const std::string& mountpoint);
    // Waits until the daemon holding `fd` has ended, at most `timeout`; closes `fd`. True if
    // it ended (or there was no daemon to wait for).
    static bool wait_for_daemon(int fd, std::chrono::milliseconds timeout);

private:
    DaemonPidFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
    std::string path_;
    int fd_;
};

}  // namespace booster::cli
