#include "core/cli/local_volume.hpp"

#include <filesystem>

#include "core/cli/mount_table.hpp"
#include "core/cli/volume_name.hpp"

namespace booster::cli {

namespace fs = std::filesystem;

LocalVolume LocalVolume::at(const std::string& dir, const std::optional<std::string>& name) {
    std::error_code ec;
    const std::string absolute = fs::weakly_canonical(fs::absolute(dir), ec).string();
    return {absolute, absolute + "/brick", absolute + "/mnt", name.value_or(volume_name_for_directory(absolute))};
}

std::expected<std::optional<VolumeInfo>, std::string> LocalVolume::find(const VolumeStore& store) const {
    if (!store.exists(name)) return std::nullopt;
    auto info = store.load(name);
    if (!info) return std::unexpected(info.error());
    std::error_code ec;
    const std::string brick_dir = fs::weakly_canonical(brick, ec).string();
    if (info->bricks.size() != 1 || info->bricks[0].dir != brick_dir)
        return std::unexpected("volume '" + name + "' already exists with other bricks (" + info->bricks[0].dir +
                               "); give another --name");
    return info;
}

bool LocalVolume::mounted() const { return find_mount(mountpoint).has_value(); }

}  // namespace booster::cli
