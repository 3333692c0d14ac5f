// A BRICK argument of `booster volume create`: `DIR` or `HOST:DIR`, checked against this
// machine (the only host whose bricks `volume start` can run for now).
// Thread-safety: any thread.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "core/cli/volume_info.hpp"

namespace booster::cli {

// The brick with its canonical directory and its host ("localhost" when none is given), or an
// error naming the argument and what is wrong: a host that is not this machine, a directory
// that is not absolute, missing, or not a directory.
std::expected<BrickInfo, std::string> parse_brick_argument(std::string_view argument);

// True if `host` names this machine: localhost, a loopback address, or this host's name.
bool is_this_host(const std::string& host);

}  // namespace booster::cli
