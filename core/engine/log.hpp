// Logging with levels, to a file (or stderr until one is opened).
//
// BLOG(level, domain, fmt, ...) formats printf-style; a disabled level costs one atomic load.
// Each line: "2026-11-21 10:00:00.123456 E [domain] message". Lines are written with one
// write(2) each, so concurrent writers never interleave within a line.
// Thread-safety: every function may be called from any thread.
#pragma once

#include <string>
#include <optional>
#include <string_view>

#include "core/engine/result.hpp"

namespace booster {

enum class LogLevel { kTrace, kDebug, kInfo, kWarning, kError, kCritical, kNone };

namespace log {

// Appends to `path` from now on ("-" = stderr), through a descriptor numbered `lowest` or above
// (inside a program, the preload keeps it above the numbers programs name). The error says why
// the file cannot be opened.
Status open(const std::string& path, int lowest = 0);
void set_level(LogLevel level);
LogLevel level();
// "trace" | "debug" | "info" | "warning" | "error" | "critical" | "none"
std::optional<LogLevel> parse_level(std::string_view name);
bool enabled(LogLevel level);
void write(LogLevel level, const char* domain, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
// The file descriptor log lines go to (for the crash handler, which may not allocate).
int fd();

}  // namespace log

#define BLOG(level, domain, ...)                                                        \
    do {                                                                                \
        if (::booster::log::enabled(level)) ::booster::log::write(level, domain, __VA_ARGS__); \
    } while (0)

}  // namespace booster
