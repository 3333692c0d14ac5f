#include "core/cli/self_binary.hpp"

#include <filesystem>

namespace booster::cli {

std::string booster_binary() {
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : self.string();
}

}  // namespace booster::cli
