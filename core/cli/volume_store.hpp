// VolumeStore: the directory that holds every volume defined on this machine, one folder per
// volume: STATE/NAME/ with volume.info, NAME.brickN.vol, NAME.client.vol, NAME.secret, and at
// run time brickN.pid, brickN.log and (unix transport) brickN.sock.
//
// STATE is --state-dir, else $BOOSTER_STATE_DIR, else /var/lib/booster/volumes. The store reads
// the file system afresh on every call and holds nothing open.
// Thread-safety: main thread of the `booster` command.
#pragma once

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/cli/volume_info.hpp"

namespace booster::cli {

class VolumeStore {
public:
    // `state_dir` is the --state-dir flag, if given.
    explicit VolumeStore(const std::optional<std::string>& state_dir);

    const std::filesystem::path& root() const { return root_; }
    std::filesystem::path volume_dir(const std::string& name) const { return root_ / name; }
    std::filesystem::path info_file(const std::string& name) const { return volume_dir(name) / "volume.info"; }
    std::filesystem::path brick_volfile(const std::string& name, std::size_t brick) const;
    std::filesystem::path client_volfile(const std::string& name) const;
    std::filesystem::path secret_file(const std::string& name) const;
    std::filesystem::path pid_file(const std::string& name, std::size_t brick) const;
    std::filesystem::path log_file(const std::string& name, std::size_t brick) const;
    std::filesystem::path mount_log_file(const std::string& name) const { return volume_dir(name) / "mount.log"; }

    bool exists(const std::string& name) const;
    // The error says which volume is unknown, or what is wrong with its volume.info.
    std::expected<VolumeInfo, std::string> load(const std::string& name) const;
    // Every volume whose volume.info reads; in name order.
    std::vector<VolumeInfo> all() const;

private:
    std::filesystem::path root_;
};

}  // namespace booster::cli
