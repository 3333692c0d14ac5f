// Where the bricks of a new volume listen: a unix socket path or a TCP port per brick.
//
// Unix: VOLUME_DIR/brickN.sock, or, when that path does not fit in sun_path (108 bytes with
// its NUL), /tmp/booster-sockets-UID/HASH.sock, HASH a digest of the long path (so the same
// volume always gets the same short path). The folder is made by `volume start`.
// TCP: from --port on (brick N gets PORT+N), each checked; without --port the first ports from
// kBasePort that are neither bindable-blocked on this machine nor given to another volume.
// Thread-safety: any thread.
#pragma once

#include <expected>
#include <optional>
#include <set>
#include <string>

#include "core/cli/volume_info.hpp"

namespace booster::cli {

inline constexpr int kBasePort = 24100;

std::string unix_socket_path(const std::string& volume_dir, std::size_t brick);

// Fills in bricks[i].port. `taken` holds the ports of the other volumes of the store.
std::expected<void, std::string> allocate_ports(VolumeInfo& info, std::optional<int> first_port,
                                                const std::set<int>& taken);

}  // namespace booster::cli
