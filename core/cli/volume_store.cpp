#include "core/cli/volume_store.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace booster::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kDefaultRoot = "/var/lib/booster/volumes";

fs::path choose_root(const std::optional<std::string>& flag) {
    if (flag && !flag->empty()) return fs::absolute(*flag);
    if (const char* env = std::getenv("BOOSTER_STATE_DIR"); env != nullptr && env[0] != '\0')
        return fs::absolute(env);
    return kDefaultRoot;
}

}  // namespace

VolumeStore::VolumeStore(const std::optional<std::string>& state_dir) : root_(choose_root(state_dir)) {}

fs::path VolumeStore::brick_volfile(const std::string& name, std::size_t brick) const {
    return volume_dir(name) / (name + ".brick" + std::to_string(brick) + ".vol");
}

fs::path VolumeStore::client_volfile(const std::string& name) const { return volume_dir(name) / (name + ".client.vol"); }

fs::path VolumeStore::secret_file(const std::string& name) const { return volume_dir(name) / (name + ".secret"); }

fs::path VolumeStore::pid_file(const std::string& name, std::size_t brick) const {
    return volume_dir(name) / ("brick" + std::to_string(brick) + ".pid");
}

fs::path VolumeStore::log_file(const std::string& name, std::size_t brick) const {
    return volume_dir(name) / ("brick" + std::to_string(brick) + ".log");
}

bool VolumeStore::exists(const std::string& name) const {
    std::error_code ec;
    return fs::exists(volume_dir(name), ec);
}

std::expected<VolumeInfo, std::string> VolumeStore::load(const std::string& name) const {
    const fs::path file = info_file(name);
    std::ifstream in(file);
    if (!in) return std::unexpected("no volume '" + name + "' in " + root_.string());
    std::ostringstream text;
    text << in.rdbuf();
    return VolumeInfo::parse(text.str(), file.string());
}

std::vector<VolumeInfo> VolumeStore::all() const {
    std::vector<VolumeInfo> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root_, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with(".")) continue;  // a volume being created
        if (auto info = load(name)) out.push_back(std::move(*info));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
}

}  // namespace booster::cli
