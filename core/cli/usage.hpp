// The `booster` command's usage text and exit codes, shared by every subcommand.
#pragma once

#include <cstdio>

namespace booster::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;  // unknown command or bad arguments

void print_usage(std::FILE* out);
// "booster: MESSAGE" and the usage on stderr; returns kExitUsage.
int usage_error(const char* message);

}  // namespace booster::cli
