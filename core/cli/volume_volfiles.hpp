// The volfiles of a volume, generated from its VolumeInfo.
//
// Brick N (served by `booster brick`): storage/posix on the brick directory, features/locks,
// protocol/server on top listening where VolumeInfo says.
// Client (mounted by `booster mount`, loaded by libbooster.so): one protocol/client per brick;
// several bricks are joined by cluster/distribute; then, unless performance is off,
// performance/write-behind, io-cache, md-cache and stat-prefetch; debug/io-stats on top (the
// mount's counters, user.booster.io-stats). Why this order: README "Volumes".
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "core/cli/volume_info.hpp"

namespace booster::cli {

std::string brick_volfile_text(const VolumeInfo& info, std::size_t brick);
std::string client_volfile_text(const VolumeInfo& info);

}  // namespace booster::cli
