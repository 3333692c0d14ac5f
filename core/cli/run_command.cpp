#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/cli/commands.hpp"
#include "core/cli/preload_library.hpp"
#include "core/cli/usage.hpp"

namespace booster::cli {

int run_command(std::span<char* const> args) {
    if (!args.empty() && std::strcmp(args[0], "--") == 0) args = args.subspan(1);
    if (args.empty()) return usage_error("run: expected -- PROGRAM [ARGS...]");
    const std::string lib = find_preload_library();
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
