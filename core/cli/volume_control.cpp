#include "core/cli/volume_control.hpp"

#include <cstdio>
#include <filesystem>

#include "core/cli/brick_argument.hpp"
#include "core/cli/brick_daemon.hpp"

namespace booster::cli {

namespace {

std::string brick_label(const BrickDaemon& daemon) {
    return "brick" + std::to_string(daemon.index()) + " " + daemon.brick().host + ":" + daemon.brick().dir;
}

// Calls fn(daemon) for each brick of this host; prints the others as skipped.
template <class Fn>
std::expected<void, std::string> for_local_bricks(const VolumeStore& store, const VolumeInfo& info, Fn fn) {
    for (std::size_t i = 0; i < info.bricks.size(); ++i) {
        const BrickDaemon daemon(store, info, i);
        if (!is_this_host(daemon.brick().host)) {
            std::printf("%s: on another host, skipped\n", brick_label(daemon).c_str());
            continue;
        }
        if (auto ok = fn(daemon); !ok) return std::unexpected(brick_label(daemon) + ": " + ok.error());
    }
    return {};
}

}  // namespace

std::expected<void, std::string> start_volume(const VolumeStore& store, const VolumeInfo& info) {
    return for_local_bricks(store, info, [](const BrickDaemon& daemon) -> std::expected<void, std::string> {
        auto started = daemon.start();
        if (!started) return std::unexpected(started.error());
        std::printf("%s: %s, pid %d, %s%s\n", brick_label(daemon).c_str(),
                    started->already_running ? "already running" : "started", static_cast<int>(started->pid),
                    daemon.endpoint().c_str(), started->replaced_stale_pid_file ? " (replaced a stale pid file)" : "");
        return {};
    });
}

std::expected<void, std::string> stop_volume(const VolumeStore& store, const VolumeInfo& info) {
    return for_local_bricks(store, info, [](const BrickDaemon& daemon) -> std::expected<void, std::string> {
        auto stopped = daemon.stop(kStopGrace);
        if (!stopped) return std::unexpected(stopped.error());
        const char* what = !stopped->was_running ? "not running" : stopped->killed ? "killed (SIGTERM did not end it)" : "stopped";
        std::printf("%s: %s\n", brick_label(daemon).c_str(), what);
        return {};
    });
}

std::size_t print_volume_status(const VolumeStore& store, const VolumeInfo& info) {
    std::printf("volume %s: transport %s, %zu brick%s\n", info.name.c_str(), std::string(transport_name(info.transport)).c_str(),
                info.bricks.size(), info.bricks.size() == 1 ? "" : "s");
    std::size_t down = 0;
    (void)for_local_bricks(store, info, [&](const BrickDaemon& daemon) -> std::expected<void, std::string> {
        const auto pid = daemon.running_pid();
        if (!pid) {
            ++down;
            std::printf("%s: down, %s%s\n", brick_label(daemon).c_str(), daemon.endpoint().c_str(),
                        daemon.has_stale_pid_file() ? " (stale pid file)" : "");
        } else {
            std::printf("%s: up, pid %d, %s, %s\n", brick_label(daemon).c_str(), static_cast<int>(*pid),
                        daemon.listening() ? "listening" : "not listening", daemon.endpoint().c_str());
        }
        return {};
    });
    return down;
}

std::expected<void, std::string> delete_volume(const VolumeStore& store, const VolumeInfo& info) {
    for (std::size_t i = 0; i < info.bricks.size(); ++i)
        if (auto pid = BrickDaemon(store, info, i).running_pid())
            return std::unexpected("brick" + std::to_string(i) + " is running (pid " + std::to_string(*pid) +
                                   "): `booster volume stop " + info.name + "` first");
    std::error_code ec;
    for (const auto& brick : info.bricks)
        if (!brick.socket.empty()) std::filesystem::remove(brick.socket, ec);
    std::filesystem::remove_all(store.volume_dir(info.name), ec);
    if (ec) return std::unexpected("cannot remove " + store.volume_dir(info.name).string() + ": " + ec.message());
    return {};
}

}  // namespace booster::cli
