// Options of protocol/client.
#pragma once

#include "core/engine/options.hpp"
#include "core/xlators/protocol/wire/frame_header.hpp"

namespace booster {

inline constexpr OptionSpec kProtocolClientOptions[] = {
    {.key = "transport", .type = OptionType::kEnum, .default_value = "unix", .values = "unix|tcp",
     .doc = "how to reach the brick: a unix socket (remote-path) or TCP (remote-host, remote-port)"},
    {.key = "remote-path", .type = OptionType::kPath, .doc = "the brick's unix socket (transport unix)"},
    {.key = "remote-host", .type = OptionType::kString, .default_value = "127.0.0.1",
     .doc = "the brick's host name or address (transport tcp)"},
    {.key = "remote-port", .type = OptionType::kInt, .default_value = "24007", .min = 1, .max = 65535,
     .doc = "the brick's TCP port (transport tcp)"},
    {.key = "ping-timeout", .type = OptionType::kTime, .default_value = "10", .min = 1, .max = 3600,
     .doc = "seconds without any answer from the brick before it is declared down"},
    {.key = "secret-file", .type = OptionType::kPath,
     .doc = "a file holding the brick's shared secret (auth-secret-file), proven, never sent"},
    {.key = "max-message-size", .type = OptionType::kSize, .default_value = "1088KB",
     .min = wire::kMinMaxMessageSize,
     .max = 64.0 * 1024 * 1024, .doc = "the largest frame accepted from the brick"},
    {.key = "short-circuit", .type = OptionType::kBool, .default_value = "off",
     .doc = "transport unix: take the brick's descriptor of each file opened, when the brick lends it "
            "(its short-circuit option), and read and write the file through it in this process"},
};

}  // namespace booster
