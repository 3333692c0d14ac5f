// The embedded default volume of `booster up DIR` / `booster down DIR`: one brick at DIR/brick,
// mounted at DIR/mnt, named after DIR unless --name is given, kept in the volume store like
// any other volume. Thread-safety: main thread.
#pragma once

#include <expected>
#include <optional>
#include <string>

#include "core/cli/volume_info.hpp"
#include "core/cli/volume_store.hpp"

namespace booster::cli {

struct LocalVolume {
    std::string dir;    // absolute
    std::string brick;  // DIR/brick
    std::string mountpoint;  // DIR/mnt
    std::string name;

    // `name` is --name, if given.
    static LocalVolume at(const std::string& dir, const std::optional<std::string>& name);

    // The store's volume of this name, if it is this directory's volume; an error if the name
    // belongs to a volume with other bricks.
    std::expected<std::optional<VolumeInfo>, std::string> find(const VolumeStore& store) const;
    bool mounted() const;
};

}  // namespace booster::cli
