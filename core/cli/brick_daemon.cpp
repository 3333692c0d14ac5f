#include "core/cli/brick_daemon.hpp"

#include <signal.h>
#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/cli/child_process.hpp"
#include "core/cli/listening_sockets.hpp"

namespace booster::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::chrono::milliseconds kPoll{20};
constexpr std::chrono::seconds kKillWait{5};

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Alive: not a zombie (a daemon whose parent never reaps it stays in the table as 'Z'), or a
// zombie leader whose other threads are still exiting: until the last one ends, the process
// still holds its sockets, and a successor could not bind the brick's port.
bool alive(pid_t pid) {
    if (::kill(pid, 0) != 0 && errno == ESRCH) return false;
    const std::string proc = "/proc/" + std::to_string(pid);
    const std::string stat = read_file(proc + "/stat");
    const auto paren = stat.rfind(')');
    if (paren == std::string::npos || paren + 2 >= stat.size()) return false;
    if (stat[paren + 2] != 'Z') return true;
    std::error_code ec;
    std::size_t threads = 0;
    for (fs::directory_iterator it(proc + "/task", ec), end; !ec && it != end; it.increment(ec)) ++threads;
    return threads > 1;
}

bool wait_until_gone(pid_t pid, std::chrono::milliseconds bound) {
    const auto deadline = std::chrono::steady_clock::now() + bound;
    while (alive(pid)) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(kPoll);
    }
    return true;
}

}  // namespace

BrickDaemon::BrickDaemon(const VolumeStore& store, const VolumeInfo& info, std::size_t index)
    : transport_(info.transport),
      brick_(info.bricks[index]),
      index_(index),
      volfile_(store.brick_volfile(info.name, index).string()),
      pid_file_(store.pid_file(info.name, index).string()),
      log_file_(store.log_file(info.name, index).string()) {}

std::optional<pid_t> BrickDaemon::pid_in_file() const {
    const std::string text = read_file(pid_file_);
    pid_t pid = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), pid);
    if (ec != std::errc() || pid <= 0) return std::nullopt;
    return pid;
}

bool BrickDaemon::is_this_brick(pid_t pid) const {
    if (!alive(pid)) return false;
    const std::string cmdline = read_file("/proc/" + std::to_string(pid) + "/cmdline");
    return cmdline.find(std::string("\0", 1) + volfile_ + std::string("\0", 1)) != std::string::npos;
}

std::optional<pid_t> BrickDaemon::running_pid() const {
    auto pid = pid_in_file();
    if (pid && is_this_brick(*pid)) return pid;
    return std::nullopt;
}

bool BrickDaemon::has_stale_pid_file() const {
    std::error_code ec;
    return fs::exists(pid_file_, ec) && !running_pid();
}

bool BrickDaemon::listening() const {
    return transport_ == Transport::kUnix ? unix_socket_listening(brick_.socket) : tcp_port_listening(brick_.port);
}

std::string BrickDaemon::endpoint() const {
    return transport_ == Transport::kUnix ? "unix " + brick_.socket : "tcp port " + std::to_string(brick_.port);
}

// The socket's folder may be the short-path one in /tmp; a socket file left by a killed daemon
// would make its successor's bind fail.
std::expected<void, std::string> BrickDaemon::prepare_socket() const {
    if (transport_ != Transport::kUnix) return {};
    const fs::path socket = brick_.socket;
    std::error_code ec;
    if (fs::create_directories(socket.parent_path(), ec)) ::chmod(socket.parent_path().c_str(), 0700);
    if (ec) return std::unexpected("cannot create " + socket.parent_path().string() + ": " + ec.message());
    if (fs::is_socket(socket, ec)) fs::remove(socket, ec);
    return {};
}

std::expected<BrickDaemon::Started, std::string> BrickDaemon::start() const {
    Started started;
    if (auto pid = running_pid()) {
        started.pid = *pid;
        started.already_running = true;
        return started;
    }
    std::error_code ec;
    started.replaced_stale_pid_file = fs::remove(pid_file_, ec);
    if (auto ok = prepare_socket(); !ok) return std::unexpected(ok.error());
    auto status = run_booster_subcommand({"brick", "--pid-file", pid_file_, "--log-file", log_file_, volfile_});
    if (!status) return std::unexpected(status.error());
    if (*status != 0)
        return std::unexpected("`booster brick " + volfile_ + "` failed (exit status " + std::to_string(*status) +
                               "); its log: " + log_file_);
    auto pid = running_pid();
    if (!pid) return std::unexpected("`booster brick " + volfile_ + "` started, but " + pid_file_ + " names no running brick");
    started.pid = *pid;
    return started;
}

std::expected<BrickDaemon::Stopped, std::string> BrickDaemon::stop(std::chrono::milliseconds grace) const {
    Stopped stopped;
    std::error_code ec;
    auto pid = running_pid();
    if (pid) {
        stopped.was_running = true;
        ::kill(*pid, SIGTERM);
        if (!wait_until_gone(*pid, grace)) {
            stopped.killed = true;
            ::kill(*pid, SIGKILL);
            if (!wait_until_gone(*pid, kKillWait))
                return std::unexpected("brick " + std::to_string(index_) + " (pid " + std::to_string(*pid) +
                                       ") survived SIGKILL");
        }
    }
    fs::remove(pid_file_, ec);  // the daemon removes it itself, unless it was killed or stale
    return stopped;
}

}  // namespace booster::cli
