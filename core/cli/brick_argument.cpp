#include "core/cli/brick_argument.hpp"

#include <unistd.h>

#include <climits>
#include <filesystem>

namespace booster::cli {

namespace fs = std::filesystem;

namespace {

std::string this_host_name() {
    char name[HOST_NAME_MAX + 1] = {};
    return ::gethostname(name, sizeof name) == 0 ? std::string(name) : std::string();
}

std::expected<std::string, std::string> brick_directory(const std::string& dir, std::string_view argument) {
    const std::string where = "brick '" + std::string(argument) + "': ";
    if (dir.empty() || dir.front() != '/') return std::unexpected(where + "the directory must be an absolute path");
    if (dir.find('\n') != std::string::npos) return std::unexpected(where + "the directory name holds a newline");
    std::error_code ec;
    const auto status = fs::status(dir, ec);
    if (!fs::exists(status)) return std::unexpected(where + dir + " does not exist");
    if (!fs::is_directory(status)) return std::unexpected(where + dir + " is not a directory");
    return fs::canonical(dir, ec).string();
}

}  // namespace

bool is_this_host(const std::string& host) {
    if (host == "localhost" || host == "::1" || host.starts_with("127.")) return true;
    const std::string self = this_host_name();
    return !self.empty() && (host == self || self.starts_with(host + "."));
}

std::expected<BrickInfo, std::string> parse_brick_argument(std::string_view argument) {
    const auto colon = argument.find(':');
    const bool has_host = colon != std::string_view::npos && colon < argument.find('/');
    BrickInfo brick;
    brick.host = has_host ? std::string(argument.substr(0, colon)) : "localhost";
    if (has_host && brick.host.empty()) return std::unexpected("brick '" + std::string(argument) + "': empty host");
    if (!is_this_host(brick.host))
        return std::unexpected("brick '" + std::string(argument) + "': bricks on other hosts are not supported yet; " +
                               "'" + brick.host + "' is not this machine (" + this_host_name() + ")");
    auto dir = brick_directory(std::string(has_host ? argument.substr(colon + 1) : argument), argument);
    if (!dir) return std::unexpected(dir.error());
    brick.dir = std::move(*dir);
    return brick;
}

}  // namespace booster::cli
