#include "core/cli/background_start.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace booster::cli {

namespace {

constexpr char kMountedByte = 'M';

[[noreturn]] void wait_for_report(int read_fd, pid_t child) {
    char byte = 0;
    ssize_t n;
    do {
        n = ::read(read_fd, &byte, 1);
    } while (n < 0 && errno == EINTR);
    if (n == 1 && byte == kMountedByte) std::_Exit(0);
    // The child failed or died: reap it so that no zombie outlives us.
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    std::fflush(stderr);
    std::_Exit(1);
}

void detach_from_terminal() {
    ::setsid();
    if (::chdir("/") != 0) return;
    const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null < 0) return;
    ::dup2(null, STDIN_FILENO);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    if (null > STDERR_FILENO) ::close(null);
}

}  // namespace

std::expected<BackgroundStart, std::string> BackgroundStart::start() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return std::unexpected(std::string("pipe: ") + std::strerror(errno));
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int err = errno;
        ::close(fds[0]);
        ::close(fds[1]);
        return std::unexpected(std::string("fork: ") + std::strerror(err));
    }
    if (pid > 0) {
        ::close(fds[1]);
        wait_for_report(fds[0], pid);
    }
    ::close(fds[0]);
    return BackgroundStart(fds[1]);
}

BackgroundStart::BackgroundStart(BackgroundStart&& other) noexcept
    : report_fd_(std::exchange(other.report_fd_, -1)) {}

BackgroundStart::~BackgroundStart() {
    if (report_fd_ >= 0) ::close(report_fd_);
}

void BackgroundStart::mounted() {
    detach_from_terminal();
    ssize_t n;
    do {
        n = ::write(report_fd_, &kMountedByte, 1);
    } while (n < 0 && errno == EINTR);
    ::close(std::exchange(report_fd_, -1));
}

}  // namespace booster::cli
