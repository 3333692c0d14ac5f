// Running another `booster` subcommand (brick, mount, umount) as a child process of this one,
// with the same binary, and waiting for it. The child inherits stdin, stdout and stderr, so its
// own error messages reach the user unchanged.
// Thread-safety: main thread (fork).
#pragma once

#include <expected>
#include <string>
#include <vector>

namespace booster::cli {

// The child's exit status (128 + N if killed by signal N), or why it could not run.
std::expected<int, std::string> run_booster_subcommand(const std::vector<std::string>& args);

}  // namespace booster::cli
