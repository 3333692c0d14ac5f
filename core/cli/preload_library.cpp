#include "core/cli/preload_library.hpp"

#include <cstdlib>
#include <filesystem>

#include "core/cli/self_binary.hpp"

namespace booster::cli {

std::string find_preload_library() {
    namespace fs = std::filesystem;
    if (const char* explicit_lib = std::getenv("BOOSTER_LIB"); explicit_lib != nullptr && explicit_lib[0] != '\0')
        return fs::exists(explicit_lib) ? fs::absolute(explicit_lib).string() : std::string();
    const fs::path self = booster_binary();
    if (self.empty()) return {};
    std::error_code ec;
    for (const fs::path& candidate : {self.parent_path() / "libbooster.so", self.parent_path() / "../lib/libbooster.so"})
        if (fs::exists(candidate, ec)) return fs::canonical(candidate, ec).string();
    return {};
}

}  // namespace booster::cli
