// VolumeInfo: what `booster volume create` decided about a volume, kept as the small text file
// STATE/NAME/volume.info so that start, stop, status, up and down need not re-derive it.
//
// Format: one `key=value` per line, in this order; a value runs to the end of its line.
//   name=NAME  transport=unix|tcp  performance=on|off  [secret-file=PATH]  [allow=LIST]
//   [allow-uid=LIST]  [busy-poll-usec=N]  [short-circuit=on]  then per brick N (from 0):
//   brickN.host, brickN.dir,
//   and brickN.socket (unix) or brickN.port (tcp)
// Thread-safety: value type.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace booster::cli {

enum class Transport { kUnix, kTcp };

std::string_view transport_name(Transport t);
// The transport that transport_name() calls `name`; nullopt for any other name.
std::optional<Transport> transport_named(std::string_view name);

struct BrickInfo {
    std::string host;    // as given, or "localhost"
    std::string dir;     // absolute, canonical
    std::string socket;  // unix: the brick's listening socket
    int port = 0;        // tcp: the brick's listening port
};

struct VolumeInfo {
    std::string name;
    Transport transport = Transport::kUnix;
    bool performance = true;  // the performance translators in the client graph (volume_volfiles.hpp)
    std::string secret_file;  // empty: no shared secret
    std::string allow;        // tcp: auth-allow list; empty: the default (this machine)
    std::string allow_uid;    // unix: auth-allow-uid list; empty: the brick's default
    int busy_poll_usec = 0;   // the bricks' protocol/server busy-poll-usec; 0: off
    bool short_circuit = false;  // unix: bricks lend descriptors to clients (option short-circuit)
    std::vector<BrickInfo> bricks;

    std::string to_text() const;
    // `file` names the source in errors.
    static std::expected<VolumeInfo, std::string> parse(std::string_view text, std::string_view file);
};

}  // namespace booster::cli
