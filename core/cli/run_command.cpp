#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "core/cli/commands.hpp"
#include "core/cli/usage.hpp"

namespace booster::cli {

namespace {

// libbooster.so beside this binary (the build tree) or in ../lib (an install prefix);
// BOOSTER_LIB overrides. Empty if none exists.
std::string find_library() {
    namespace fs = std::filesystem;
    if (const char* explicit_lib = std::getenv("BOOSTER_LIB"); explicit_lib != nullptr && explicit_lib[0] != '\0')
        return fs::exists(explicit_lib) ? fs::absolute(explicit_lib).string() : std::string();
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return {};
    for (const fs::path& candidate : {self.parent_path() / "libbooster.so", self.parent_path() / "../lib/libbooster.so"})
        if (fs::exists(candidate, ec)) return fs::canonical(candidate, ec).string();
    return {};
}

}  // namespace

int run_command(std::span<char* const> args) {
    if (!args.empty() && std::strcmp(args[0], "--") == 0) args = args.subspan(1);
    if (args.empty()) return usage_error("run: expected -- PROGRAM [ARGS...]");
    const std::string lib = find_library();
    if (lib.empty()) {
        std::fprintf(stderr, "booster run: libbooster.so not found beside the booster binary or in ../lib (set BOOSTER_LIB)\n");
        return kExitFailure;
    }
    const char* existing = std::getenv("LD_PRELOAD");
    const std::string preload = existing != nullptr && existing[0] != '\0' ? lib + ":" + existing : lib;
    setenv("LD_PRELOAD", preload.c_str(), 1);
    execvp(args[0], args.data());
    std::fprintf(stderr, "booster run: cannot run %s: %s\n", args[0], std::strerror(errno));
    return errno == ENOENT ? 127 : 126;
}

}  // namespace booster::cli
