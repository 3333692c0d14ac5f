#include "core/cli/mount_volume.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/cli/background_start.hpp"
#include "core/cli/daemon_pid_file.hpp"
#include "core/cli/logged_errors.hpp"
#include "core/cli/mount_table.hpp"
#include "core/cli/mountpoint_name.hpp"
#include "core/cli/state_dump_on_sigusr1.hpp"
#include "core/cli/usage.hpp"
#include "core/engine/crash_handler.hpp"
#include "core/engine/graph.hpp"
#include "core/engine/log.hpp"
#include "core/fuse/bridge.hpp"
#include "core/fuse/mount_options.hpp"
#include "core/fuse/session.hpp"

namespace booster::cli {

namespace {

using fuse::Bridge;
using fuse::FuseSession;
using fuse::MountOptions;

constexpr const char* kLogDir = "/var/log/booster";

// The user sees the error on stderr; the log keeps it too when it is a file.
int fail(const std::string& message) {
    std::fprintf(stderr, "booster mount: %s\n", message.c_str());
    if (log::fd() != STDERR_FILENO) BLOG(LogLevel::kError, "mount", "%s", message.c_str());
    return kExitFailure;
}

// A failure once translators run: their own explanation follows on stderr.
int fail_start(const std::string& message, const LoggedErrors& startup) {
    std::fprintf(stderr, "booster mount: %s\n", message.c_str());
    startup.print_since_mark();
    if (log::fd() != STDERR_FILENO) BLOG(LogLevel::kError, "mount", "%s", message.c_str());
    return kExitFailure;
}

std::expected<std::string, std::string> real_path(const std::string& path) {
    char buf[PATH_MAX];
    if (::realpath(path.c_str(), buf) == nullptr) return std::unexpected(path + ": " + std::strerror(errno));
    return std::string(buf);
}

std::expected<std::string, std::string> mount_directory(const std::string& path) {
    auto real = real_path(path);
    if (!real) return real;
    struct stat st{};
    if (::stat(real->c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        return std::unexpected(path + ": not a directory");
    return real;
}

// Mounting over a live booster mount would hide it, and its daemon, behind a second one.
std::expected<void, std::string> not_mounted_yet(const std::string& mountpoint) {
    auto existing = find_mount(mountpoint);
    if (existing && existing->fstype == "fuse.booster")
        return std::unexpected(mountpoint + " is already a booster mount (of " + existing->source + ")");
    return {};
}

std::expected<std::string, std::string> read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in || !text) return std::unexpected(path + ": cannot read: " + std::strerror(errno));
    return text.str();
}

std::string default_log_file(const std::string& mountpoint) {
    ::mkdir(kLogDir, 0755);
    return std::string(kLogDir) + "/" + mountpoint_name(mountpoint) + ".log";
}

std::expected<void, std::string> open_log(const MountOptions& options, const MountRequest& request,
                                          const std::string& mountpoint) {
    if (options.log_level) log::set_level(*options.log_level);
    const std::string path = options.log_file.value_or(request.foreground ? "-" : default_log_file(mountpoint));
    if (auto s = log::open(path); !s) return std::unexpected("log file " + path + ": " + std::strerror(s.error().errnum));
    return {};
}

// The child's (or foreground process's) part: from an inactive graph to the end of the mount.
// The graph is torn down before this returns.
int serve(std::unique_ptr<Graph> graph, const MountOptions& options, std::string volfile_text, const std::string& volfile_path,
          const std::string& mountpoint, BackgroundStart* background) {
    install_crash_handler();
    StateDumpOnSigusr1 state_dump(*graph);  // first: every later thread inherits the blocked SIGUSR1
    const LoggedErrors startup;
    if (auto active = graph->activate(); !active) return fail_start(volfile_path + ": " + active.error(), startup);
    Bridge bridge(*graph, options, std::move(volfile_text), mountpoint);
    auto session = FuseSession::mount(bridge, volfile_path);
    if (!session) return fail_start(session.error(), startup);
    if (background != nullptr) background->mounted();
    FuseSession::log_to_engine_log();
    return (*session)->run() ? kExitOk : kExitFailure;
}

}  // namespace

int mount_volume(const MountRequest& request) {
    auto options = MountOptions::parse(request.options);
    if (!options) {
        std::fprintf(stderr, "booster mount: %s (see: booster help)\n", options.error().c_str());
        return kExitUsage;
    }
    auto mountpoint = mount_directory(request.mountpoint);
    if (!mountpoint) return fail(mountpoint.error());
    if (auto free = not_mounted_yet(*mountpoint); !free) return fail(free.error());
    auto volfile_path = real_path(request.volfile);
    if (!volfile_path) return fail(volfile_path.error());
    auto text = read_text(*volfile_path);
    if (!text) return fail(text.error());
    if (auto logged = open_log(*options, request, *mountpoint); !logged) return fail(logged.error());

    auto graph = Graph::from_text(*text, *volfile_path);
    if (!graph) return fail(graph.error());

    std::optional<BackgroundStart> background;
    if (!request.foreground) {
        auto started = BackgroundStart::start();
        if (!started) return fail(started.error());
        background.emplace(std::move(*started));
    }
    const auto pid_file = DaemonPidFile::create(*mountpoint);  // released last, after the graph
    return serve(std::move(*graph), *options, std::move(*text), *volfile_path, *mountpoint,
                 background ? &*background : nullptr);
}

}  // namespace booster::cli
