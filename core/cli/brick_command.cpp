// booster brick: serves one brick graph (protocol/server over features/locks over
// storage/posix) from a brick volfile until SIGTERM or SIGINT. In the background (default) the
// command returns once the brick listens, so whoever started it can connect at once.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "core/cli/background_start.hpp"
#include "core/cli/commands.hpp"
#include "core/cli/daemon_pid_file.hpp"
#include "core/cli/logged_errors.hpp"
#include "core/cli/state_dump_on_sigusr1.hpp"
#include "core/cli/usage.hpp"
#include "core/engine/crash_handler.hpp"
#include "core/engine/graph.hpp"
#include "core/engine/log.hpp"
#include "core/engine/volfile.hpp"

namespace booster::cli {

namespace {

constexpr const char* kLogDir = "/var/log/booster";

struct BrickRequest {
    bool foreground = false;
    std::optional<std::string> pid_file;
    std::optional<std::string> log_file;
    std::string volfile;
};

int fail(const std::string& message) {
    std::fprintf(stderr, "booster brick: %s\n", message.c_str());
    if (log::fd() != STDERR_FILENO) BLOG(LogLevel::kError, "brick", "%s", message.c_str());
    return kExitFailure;
}

std::optional<BrickRequest> parse(std::span<char* const> args, std::string& error) {
    BrickRequest r;
    std::vector<std::string_view> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg == "-f") {
            r.foreground = true;
        } else if (arg == "--pid-file" || arg == "--log-file") {
            if (i + 1 >= args.size()) {
                error = "brick: " + std::string(arg) + " needs a file";
                return std::nullopt;
            }
            (arg == "--pid-file" ? r.pid_file : r.log_file) = args[++i];
        } else if (arg.starts_with("-")) {
            error = "brick: unknown flag " + std::string(arg);
            return std::nullopt;
        } else {
            positional.push_back(arg);
        }
    }
    if (positional.size() != 1) {
        error = "brick: expected one VOLFILE";
        return std::nullopt;
    }
    r.volfile = positional[0];
    return r;
}

std::string default_log_file(const std::string& volfile) {
    ::mkdir(kLogDir, 0755);
    std::string name = volfile.substr(volfile.rfind('/') + 1);
    if (name.ends_with(".vol")) name.resize(name.size() - 4);
    return std::string(kLogDir) + "/brick-" + name + ".log";
}

// SIGTERM and SIGINT, blocked in every thread (threads inherit the mask) and taken by sigwait.
sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return set;
}

}  // namespace

int brick_command(std::span<char* const> args) {
    std::string error;
    auto request = parse(args, error);
    if (!request) return usage_error(error.c_str());
    auto spec = load_volfile(request->volfile);
    if (!spec) return fail(spec.error());
    auto graph = Graph::build(*spec);
    if (!graph) return fail(graph.error());
    if ((*graph)->top().type() != "protocol/server")
        return fail(request->volfile + ": the top volume '" + (*graph)->top().name() + "' is " + (*graph)->top().type() +
                    "; a brick volfile's top volume must be protocol/server");
    const std::string log_path = request->log_file.value_or(request->foreground ? "-" : default_log_file(request->volfile));
    if (auto opened = log::open(log_path); !opened)
        return fail("log file " + log_path + ": " + std::strerror(opened.error().errnum));

    std::optional<BackgroundStart> background;
    if (!request->foreground) {
        auto started = BackgroundStart::start();
        if (!started) return fail(started.error());
        background.emplace(std::move(*started));
    }
    install_crash_handler();
    const sigset_t stop = stop_signals();
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
    StateDumpOnSigusr1 state_dump(**graph);
    const LoggedErrors startup;
    if (auto active = (*graph)->activate(); !active) {
        std::fprintf(stderr, "booster brick: %s: %s\n", request->volfile.c_str(), active.error().c_str());
        startup.print_since_mark();
        return kExitFailure;
    }
    const std::optional<DaemonPidFile> pid_file =
        request->pid_file ? DaemonPidFile::create_at(*request->pid_file) : std::nullopt;
    if (request->pid_file && !pid_file) return fail("cannot create pid file " + *request->pid_file);
    BLOG(LogLevel::kInfo, "brick", "serving %s (pid %d)", request->volfile.c_str(), static_cast<int>(::getpid()));
    if (background) background->mounted();
    int signal = 0;
    while (sigwait(&stop, &signal) != 0) {
    }
    BLOG(LogLevel::kInfo, "brick", "signal %d: closing every connection and ending", signal);
    graph->reset();  // fini: the listener closes, every client's fds and locks are released
    return kExitOk;
}

}  // namespace booster::cli
