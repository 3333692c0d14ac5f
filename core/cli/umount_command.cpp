#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <expected>
#include <string>

#include "core/cli/commands.hpp"
#include "core/cli/daemon_pid_file.hpp"
#include "core/cli/mount_table.hpp"
#include "core/cli/usage.hpp"

namespace booster::cli {

namespace {

constexpr std::chrono::seconds kDaemonExitTimeout{10};

int fail(const std::string& message) {
    std::fprintf(stderr, "booster umount: %s\n", message.c_str());
    return kExitFailure;
}

// The absolute path of `path` without touching `path` itself: on a mount whose daemon died,
// stat fails with ENOTCONN, and that is exactly a mount one wants to remove.
std::expected<std::string, std::string> absolute_path(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    char buf[PATH_MAX];
    if (::realpath(dir.c_str(), buf) == nullptr) return std::unexpected(dir + ": " + std::strerror(errno));
    std::string out = buf;
    if (name.empty() || name == ".") return out;
    if (out != "/") out += '/';
    return out + name;
}

// Without CAP_SYS_ADMIN the setuid helper is the one allowed to unmount a user's FUSE mount.
int run_fusermount(const std::string& path) {
    const pid_t pid = ::fork();
    if (pid < 0) return fail(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        ::execlp("fusermount3", "fusermount3", "-u", "--", path.c_str(), static_cast<char*>(nullptr));
        std::fprintf(stderr, "booster umount: fusermount3: %s\n", std::strerror(errno));
        std::_Exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? kExitOk : kExitFailure;
}

int unmount(const std::string& path) {
    if (::umount2(path.c_str(), UMOUNT_NOFOLLOW) == 0) return kExitOk;
    if (errno == EPERM) return run_fusermount(path);
    return fail(path + ": " + std::strerror(errno));
}

}  // namespace

// Returns once the daemon has finished too, so that a caller may remove the brick or start
// another daemon at once.
int umount_command(std::span<char* const> args) {
    if (args.size() != 1) return usage_error("umount: expected MOUNTPOINT");
    auto path = absolute_path(args[0]);
    if (!path) return fail(path.error());
    auto entry = find_mount(*path);
    if (!entry) return fail(*path + " is not mounted");
    if (!entry->fstype.starts_with("fuse")) return fail(*path + " is not a booster mount (it is " + entry->fstype + ")");
    const int daemon = DaemonPidFile::open_existing(*path);
    const int rc = unmount(*path);
    if (rc != kExitOk) {
        if (daemon >= 0) ::close(daemon);
        return rc;
    }
    if (!DaemonPidFile::wait_for_daemon(daemon, kDaemonExitTimeout))
        std::fprintf(stderr, "booster umount: %s is unmounted, but its daemon is still running\n", path->c_str());
    return kExitOk;
}

}  // namespace booster::cli
