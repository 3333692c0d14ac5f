// create_volume(): defines a new volume in the store, all or nothing.
//
// Everything is checked first (name, bricks, transport options, ports), the volfiles are
// generated and validated in-process exactly as `booster check` would, and only then written
// into a hidden folder of the store that is renamed to STATE/NAME as the last step: an error
// at any point leaves the store as it was. Nothing is started.
// Thread-safety: main thread; two concurrent creates of one name: one wins the rename.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "core/cli/volume_info.hpp"
#include "core/cli/volume_store.hpp"

namespace booster::cli {

// The bricks of a volume busy-poll this long by default: on the one-machine volumes of `booster
// up`, and on brick hosts, it halves a round trip (README, "Volumes"); polling yields to any
// runnable thread, so a busy machine loses little.
inline constexpr int kDefaultBusyPollUsec = 50;

struct CreateRequest {
    std::string name;
    Transport transport = Transport::kUnix;
    std::optional<int> port;  // tcp: the first brick's port
    bool secret = false;
    std::string allow;      // tcp
    std::string allow_uid;  // unix
    bool performance = true;
    int busy_poll_usec = kDefaultBusyPollUsec;  // the bricks' protocol/server busy-poll-usec
    bool short_circuit = false;  // unix: bricks lend descriptors, clients use them (option short-circuit)
    std::vector<std::string> bricks;  // as given: DIR or HOST:DIR
};

// The --transport flag of `volume create` and `up`: unix when it is not given.
std::expected<Transport, std::string> parse_transport_flag(const std::optional<std::string>& value);

std::expected<VolumeInfo, std::string> create_volume(const VolumeStore& store, const CreateRequest& request);

}  // namespace booster::cli
