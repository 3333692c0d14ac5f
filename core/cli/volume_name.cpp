#include "core/cli/volume_name.hpp"

#include <cctype>
#include <filesystem>

namespace booster::cli {

namespace {

constexpr std::size_t kMaxLength = 64;

bool allowed(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'; }

}  // namespace

std::optional<std::string> volume_name_error(std::string_view name) {
    const std::string quoted = "volume name '" + std::string(name) + "'";
    if (name.empty()) return "the volume name is empty";
    if (name.size() > kMaxLength) return quoted + " is longer than " + std::to_string(kMaxLength) + " characters";
    if (!std::isalnum(static_cast<unsigned char>(name.front())))
        return quoted + " must start with a letter or a digit";
    for (char c : name)
        if (!allowed(c)) return quoted + " holds '" + std::string(1, c) + "': only letters, digits, '_', '.' and '-' are allowed";
    return std::nullopt;
}

std::string volume_name_for_directory(const std::string& dir) {
    std::string name = std::filesystem::path(dir).lexically_normal().filename().string();
    if (name.empty()) name = std::filesystem::path(dir).lexically_normal().parent_path().filename().string();
    for (char& c : name)
        if (!allowed(c)) c = '-';
    while (!name.empty() && !std::isalnum(static_cast<unsigned char>(name.front()))) name.erase(0, 1);
    if (name.size() > kMaxLength) name.resize(kMaxLength);
    return name.empty() ? "booster" : name;
}

}  // namespace booster::cli
