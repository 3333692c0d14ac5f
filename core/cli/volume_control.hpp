// Running a volume's bricks on this machine: start, stop, status, delete. Each prints one line
// per brick on stdout ("brick0 localhost:/srv/b: ...") and returns an error naming what failed.
// Bricks on other hosts are skipped (listed as such). Thread-safety: main thread.
#pragma once

#include <chrono>
#include <expected>
#include <string>

#include "core/cli/volume_info.hpp"
#include "core/cli/volume_store.hpp"

namespace booster::cli {

inline constexpr std::chrono::seconds kStopGrace{10};  // SIGTERM to SIGKILL

// Idempotent: a running brick is left alone; a stale pid file is replaced.
std::expected<void, std::string> start_volume(const VolumeStore& store, const VolumeInfo& info);
// SIGTERM, then SIGKILL after kStopGrace. Stopping a stopped volume is not an error.
std::expected<void, std::string> stop_volume(const VolumeStore& store, const VolumeInfo& info);
// Prints each brick: up (pid, listening or not, endpoint) or down. Returns the number of local
// bricks that are down.
std::size_t print_volume_status(const VolumeStore& store, const VolumeInfo& info);
// Removes the definition (never a brick's data); refused while a brick runs.
std::expected<void, std::string> delete_volume(const VolumeStore& store, const VolumeInfo& info);

}  // namespace booster::cli
