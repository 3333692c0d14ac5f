#include "core/engine/log.hpp"

#include <fcntl.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <algorithm>
#include <mutex>

namespace booster::log {

namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
std::atomic<int> g_fd{STDERR_FILENO};
std::mutex g_open_mu;

char level_letter(LogLevel l) {
    switch (l) {
        case LogLevel::kTrace: return 'T';
        case LogLevel::kDebug: return 'D';
        case LogLevel::kInfo: return 'I';
        case LogLevel::kWarning: return 'W';
        case LogLevel::kError: return 'E';
        case LogLevel::kCritical: return 'C';
        case LogLevel::kNone: return '-';
    }
    return '?';
}

}  // namespace

Status open(const std::string& path, int lowest) {
    std::lock_guard lock(g_open_mu);
    int fd = STDERR_FILENO;
    if (path != "-") {
        fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) return fail_errno();
        if (fd < lowest) {
            const int high = ::fcntl(fd, F_DUPFD_CLOEXEC, lowest);
            if (high >= 0) {
                ::close(fd);
                fd = high;
            }
        }
    }
    const int old = g_fd.exchange(fd);
    if (old != STDERR_FILENO) ::close(old);
    return ok();
}

void set_level(LogLevel level) { g_level.store(static_cast<int>(level), std::memory_order_relaxed); }

LogLevel level() { return static_cast<LogLevel>(g_level.load(std::memory_order_relaxed)); }

std::optional<LogLevel> parse_level(std::string_view name) {
    static constexpr std::pair<std::string_view, LogLevel> kNames[] = {
        {"trace", LogLevel::kTrace}, {"debug", LogLevel::kDebug}, {"info", LogLevel::kInfo},
        {"warning", LogLevel::kWarning}, {"error", LogLevel::kError}, {"critical", LogLevel::kCritical},
        {"none", LogLevel::kNone}};
    for (const auto& [n, l] : kNames)
        if (n == name) return l;
    return std::nullopt;
}

bool enabled(LogLevel l) {
    return l != LogLevel::kNone && static_cast<int>(l) >= g_level.load(std::memory_order_relaxed);
}

int fd() { return g_fd.load(std::memory_order_relaxed); }

void write(LogLevel l, const char* domain, const char* fmt, ...) {
    char buf[4096];
    timeval tv{};
    gettimeofday(&tv, nullptr);
    tm t{};
    gmtime_r(&tv.tv_sec, &t);
    int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%06ld %c [%s] ", t.tm_year + 1900,
                          t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, static_cast<long>(tv.tv_usec),
                          level_letter(l), domain);
    va_list ap;
    va_start(ap, fmt);
    const int m = std::vsnprintf(buf + n, sizeof buf - static_cast<std::size_t>(n) - 1, fmt, ap);
    va_end(ap);
    n = std::min<int>(n + std::max(m, 0), static_cast<int>(sizeof buf) - 2);
    buf[n++] = '\n';
    // One write per line keeps concurrent lines whole; a failed log write has nowhere to go.
    (void)!::write(fd(), buf, static_cast<std::size_t>(n));
}

}  // namespace booster::log
