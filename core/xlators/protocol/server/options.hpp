// Options of protocol/server.
#pragma once

#include "core/engine/options.hpp"
#include "core/xlators/protocol/wire/frame_header.hpp"

namespace booster {

inline constexpr OptionSpec kProtocolServerOptions[] = {
    {.key = "transport", .type = OptionType::kEnum, .default_value = "unix", .values = "unix|tcp",
     .doc = "what the brick listens on: a unix socket (listen-path) or TCP (bind-address, listen-port)"},
    {.key = "listen-path", .type = OptionType::kPath, .doc = "the unix socket to listen on (transport unix)"},
    {.key = "bind-address", .type = OptionType::kString, .default_value = "0.0.0.0",
     .doc = "the address to listen on (transport tcp)"},
    {.key = "listen-port", .type = OptionType::kInt, .default_value = "24007", .min = 0, .max = 65535,
     .doc = "the TCP port to listen on (0: any free port)"},
    {.key = "auth-allow", .type = OptionType::kString, .default_value = "127.0.0.1,::1",
     .doc = "TCP peers admitted: comma list of IPv4/IPv6 addresses, CIDR blocks, or *"},
    {.key = "auth-allow-uid", .type = OptionType::kString,
     .doc = "unix socket peers admitted, by uid (SO_PEERCRED): comma list (default: root and the brick's own uid)"},
    {.key = "auth-secret-file", .type = OptionType::kPath,
     .doc = "a file holding a shared secret every client must prove it knows (HMAC-SHA256 challenge)"},
    {.key = "short-circuit", .type = OptionType::kBool, .default_value = "off",
     .doc = "unix socket: lend the brick's descriptor of each regular file a client opens, to a client "
            "that asks (its short-circuit option), which then reads and writes the file itself; the "
            "descriptor grants what the open was allowed, and no longer goes through this brick"},
    {.key = "root-squash", .type = OptionType::kBool, .default_value = "off",
     .doc = "serve uid 0 and gid 0 of every client as nobody (65534), as GlusterFS's server.root-squash"},
    {.key = "busy-poll-usec", .type = OptionType::kInt, .default_value = "0", .min = 0, .max = 10000,
     .doc = "after serving a burst, the brick's event thread keeps polling its sockets this many microseconds "
            "before it sleeps, yielding to other threads meanwhile: the next request then wakes no thread "
            "(round trips 2x faster on an idle virtual machine), for up to that much CPU per burst; 0: off. "
            "For a brick host with a core to spare"},
    {.key = "max-message-size", .type = OptionType::kSize, .default_value = "1088KB",
     .min = wire::kMinMaxMessageSize,
     .max = 64.0 * 1024 * 1024, .doc = "the largest frame accepted (message and data); larger closes the connection"},
};

}  // namespace booster
