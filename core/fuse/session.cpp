#include "core/fuse/session.hpp"

#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <vector>

#include "core/engine/log.hpp"
#include "core/fuse/operations.hpp"

namespace booster::fuse {

namespace {

struct LoopConfigDeleter {
    void operator()(fuse_loop_config* c) const { fuse_loop_cfg_destroy(c); }
};
using LoopConfig = std::unique_ptr<fuse_loop_config, LoopConfigDeleter>;

struct ArgsDeleter {
    void operator()(fuse_args* a) const { fuse_opt_free_args(a); }
};

LogLevel level_of(fuse_log_level level) {
    switch (level) {
        case FUSE_LOG_EMERG:
        case FUSE_LOG_ALERT:
        case FUSE_LOG_CRIT: return LogLevel::kCritical;
        case FUSE_LOG_ERR: return LogLevel::kError;
        case FUSE_LOG_WARNING: return LogLevel::kWarning;
        case FUSE_LOG_NOTICE:
        case FUSE_LOG_INFO: return LogLevel::kInfo;
        case FUSE_LOG_DEBUG: return LogLevel::kDebug;
    }
    return LogLevel::kInfo;
}

void forward_to_log(fuse_log_level level, const char* fmt, va_list ap) {
    char line[1024];
    std::vsnprintf(line, sizeof line, fmt, ap);
    BLOG(level_of(level), "libfuse", "%s", line);
}

}  // namespace

std::expected<std::unique_ptr<FuseSession>, std::string> FuseSession::mount(Bridge& bridge, std::string_view source) {
    const std::string options = bridge.options().fuse_option_string(source, ::geteuid() == 0);
    fuse_args raw = FUSE_ARGS_INIT(0, nullptr);
    std::unique_ptr<fuse_args, ArgsDeleter> args(&raw);
    for (const char* arg : {"booster", "-o", options.c_str()})
        if (fuse_opt_add_arg(args.get(), arg) != 0) return std::unexpected("out of memory");

    const fuse_lowlevel_ops ops = make_operations(bridge.options());
    fuse_session* se = fuse_session_new(args.get(), &ops, sizeof ops, &bridge);
    if (se == nullptr) return std::unexpected("libfuse refused the mount options: " + options);
    std::unique_ptr<FuseSession> session(new FuseSession(bridge, se));
    bridge.attach_session(se);

    if (fuse_set_signal_handlers(se) != 0) return std::unexpected("cannot install the signal handlers");
    session->handlers_installed_ = true;
    if (fuse_session_mount(se, bridge.mountpoint().c_str()) != 0)
        return std::unexpected("cannot mount on " + bridge.mountpoint());
    session->mounted_ = true;
    BLOG(LogLevel::kInfo, "fuse", "mounted %.*s on %s (%s)", static_cast<int>(source.size()), source.data(),
         bridge.mountpoint().c_str(), options.c_str());
    return session;
}

FuseSession::~FuseSession() {
    if (handlers_installed_) fuse_remove_signal_handlers(session_);
    if (mounted_) fuse_session_unmount(session_);
    fuse_session_destroy(session_);
}

bool FuseSession::run() {
    LoopConfig config(fuse_loop_cfg_create());
    if (!config) return false;
    fuse_loop_cfg_set_clone_fd(config.get(), 1);
    fuse_loop_cfg_set_max_threads(config.get(), bridge_.options().threads);
    const int rc = fuse_session_loop_mt(session_, config.get());
    BLOG(LogLevel::kInfo, "fuse", "%s: session ended (%d)", bridge_.mountpoint().c_str(), rc);
    return rc >= 0;  // a positive rc is the signal that ended the loop
}

void FuseSession::log_to_engine_log() { fuse_set_log_func(forward_to_log); }

}  // namespace booster::fuse
