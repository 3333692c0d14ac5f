#include "core/cli/daemon_pid_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

#include "core/cli/mountpoint_name.hpp"
#include "core/engine/log.hpp"

namespace booster::cli {

namespace {

constexpr const char* kRunDir = "/run/booster";

std::string pid_file_path(const std::string& mountpoint) {
    return std::string(kRunDir) + "/" + mountpoint_name(mountpoint) + ".pid";
}

}  // namespace

std::optional<DaemonPidFile> DaemonPidFile::create(const std::string& mountpoint) {
    ::mkdir(kRunDir, 0755);
    return create_at(pid_file_path(mountpoint));
}

std::optional<DaemonPidFile> DaemonPidFile::create_at(std::string path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 || ::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        BLOG(LogLevel::kWarning, "mount", "pid file %s: %s; `booster umount` will not wait for this daemon",
             path.c_str(), std::strerror(errno));
        if (fd >= 0) ::close(fd);
        return std::nullopt;
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0 || ::write(fd, pid.data(), pid.size()) != static_cast<ssize_t>(pid.size()))
        BLOG(LogLevel::kWarning, "mount", "pid file %s: cannot write the pid", path.c_str());
    return DaemonPidFile(std::move(path), fd);
}

DaemonPidFile::DaemonPidFile(DaemonPidFile&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)) {}

DaemonPidFile::~DaemonPidFile() {
    if (fd_ < 0) return;
    // Unlinked while still locked: a waiter that opened it sees the lock go with the close.
    ::unlink(path_.c_str());
    ::close(fd_);
}

int DaemonPidFile::open_existing(const std::string& mountpoint) {
    return ::open(pid_file_path(mountpoint).c_str(), O_RDONLY | O_CLOEXEC);
}

bool DaemonPidFile::wait_for_daemon(int fd, std::chrono::milliseconds timeout) {
    if (fd < 0) return true;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool ended = false;
    while (!(ended = ::flock(fd, LOCK_SH | LOCK_NB) == 0) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ::close(fd);
    return ended;
}

}  // namespace booster::cli
